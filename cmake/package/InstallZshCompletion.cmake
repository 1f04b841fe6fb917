# Run by `cmake --install` and CPack (install(SCRIPT)), not at configure time: zsh reads a
# distribution package's completion from share/zsh/vendor-completions and a local install's from
# share/zsh/site-functions (Debian's fpath has both, under /usr and /usr/local), and CPack installs
# the same rules under its own staging copy of /usr, so the prefix is only known now.
if(CMAKE_INSTALL_PREFIX MATCHES "/usr$")
  set(zsh_dir vendor-completions)
else()
  set(zsh_dir site-functions)
endif()
file(INSTALL "${NTPSCOPE_ZSH_COMPLETION}" DESTINATION "${CMAKE_INSTALL_PREFIX}/share/zsh/${zsh_dir}")
