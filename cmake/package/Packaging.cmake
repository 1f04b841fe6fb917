# Install rules and the Debian package (issue 19): `make install` and `make deb` ship the same
# files, the package through CPack's DEB generator. The man pages and the shell completion are
# generated from the built binary (generate-files.sh), so they cannot drift from the code.
include(GNUInstallDirs)

find_program(HELP2MAN help2man)
if(NOT HELP2MAN)
  message(FATAL_ERROR "help2man is missing (it writes the man pages): run cmake/install-deps.sh")
endif()

set(package_source ${CMAKE_CURRENT_LIST_DIR})
set(package_files ${CMAKE_BINARY_DIR}/package)
set(ntpscope_deb_release 1)

# The changelog's latest entry must be this version: a release gets an entry, not a silent bump.
file(STRINGS ${package_source}/changelog.Debian changelog_head LIMIT_COUNT 1)
if(NOT changelog_head MATCHES "^ntpscope \\(${PROJECT_VERSION}-${ntpscope_deb_release}\\) ")
  message(FATAL_ERROR "cmake/package/changelog.Debian: the latest entry is not "
                      "${PROJECT_VERSION}-${ntpscope_deb_release}; add one for this version")
endif()

add_custom_command(
  OUTPUT ${package_files}/generated.stamp
  COMMAND ${package_source}/generate-files.sh $<TARGET_FILE:ntpscope> ${PROJECT_VERSION}
          ${package_source}/changelog.Debian ${package_files}/generated
  COMMAND ${CMAKE_COMMAND} -E touch ${package_files}/generated.stamp
  DEPENDS ntpscope ${package_source}/generate-files.sh ${package_source}/changelog.Debian
  COMMENT "Generating man pages and shell completion from ntpscope itself"
  VERBATIM)
add_custom_target(ntpscope_package_files ALL DEPENDS ${package_files}/generated.stamp)

install(TARGETS ntpscope RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR})
install(DIRECTORY ${package_files}/generated/man/ DESTINATION ${CMAKE_INSTALL_MANDIR}/man1)
install(FILES ${package_files}/generated/completion/ntpscope
        DESTINATION ${CMAKE_INSTALL_DATAROOTDIR}/bash-completion/completions)
install(CODE "set(NTPSCOPE_ZSH_COMPLETION \"${package_files}/generated/completion/_ntpscope\")")
install(SCRIPT ${package_source}/InstallZshCompletion.cmake)

# The docs keep README.md's relative links (docs/*.md) working.
install(FILES ${CMAKE_SOURCE_DIR}/README.md ${package_source}/copyright
        ${package_files}/generated/changelog.Debian.gz DESTINATION ${CMAKE_INSTALL_DOCDIR})
file(GLOB doc_pages CONFIGURE_DEPENDS ${CMAKE_SOURCE_DIR}/docs/*.md)
install(FILES ${doc_pages} DESTINATION ${CMAKE_INSTALL_DOCDIR}/docs)

# The watch service's unit, once it exists: the glob is checked at every build, so a unit added
# later re-runs CMake and is installed and packaged from then on.
file(GLOB service_units CONFIGURE_DEPENDS ${package_source}/*.service)
if(service_units)
  install(FILES ${service_units} DESTINATION lib/systemd/system)
endif()

set(CPACK_GENERATOR DEB)
set(CPACK_PACKAGE_NAME ntpscope)
set(CPACK_PACKAGE_VERSION ${PROJECT_VERSION})
set(CPACK_PACKAGE_CONTACT "ntpscope maintainers <maintainers@users.noreply.r-seed-d2ddce00.example>")
set(CPACK_PACKAGE_DESCRIPTION_SUMMARY "record, analyse and compare what NTP daemons do on the wire")
file(READ ${package_source}/description CPACK_PACKAGE_DESCRIPTION)
set(CPACK_PACKAGING_INSTALL_PREFIX /usr)
set(CPACK_STRIP_FILES ON)
set(CPACK_INSTALL_DEFAULT_DIRECTORY_PERMISSIONS
    OWNER_READ OWNER_WRITE OWNER_EXECUTE GROUP_READ GROUP_EXECUTE WORLD_READ WORLD_EXECUTE)
set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)  # ntpscope_VERSION-RELEASE_ARCH.deb
set(CPACK_DEBIAN_PACKAGE_RELEASE ${ntpscope_deb_release})
set(CPACK_DEBIAN_PACKAGE_SECTION net)
set(CPACK_DEBIAN_PACKAGE_PRIORITY optional)
set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS ON)  # Depends from the binary's libraries (dpkg-shlibdeps)
include(CPack)
