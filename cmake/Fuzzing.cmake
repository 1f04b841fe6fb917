# -DNTPSCOPE_FUZZ=ON: core and the libFuzzer targets (tests/fuzz) compiled with clang's
# -fsanitize=fuzzer-no-link,address,undefined, in a build directory of their own. Every
# sanitizer report aborts, so that libFuzzer counts it as a crash.
if(NOT CMAKE_CXX_COMPILER_ID STREQUAL "Clang")
  message(FATAL_ERROR "NTPSCOPE_FUZZ needs clang (libFuzzer): configure with -DCMAKE_CXX_COMPILER=clang++ -DCMAKE_C_COMPILER=clang")
endif()
add_compile_options(-fsanitize=fuzzer-no-link,address,undefined -fno-sanitize-recover=all -fno-omit-frame-pointer)
add_link_options(-fsanitize=address,undefined)
