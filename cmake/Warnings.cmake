# Project-wide warnings as an INTERFACE target, so third-party headers are not affected.
add_library(ntpscope_warnings INTERFACE)
target_compile_options(ntpscope_warnings INTERFACE
  -Wall -Wextra -Wpedantic -Wshadow -Wnon-virtual-dtor -Wold-style-cast -Wcast-align
  -Wunused -Woverloaded-virtual -Wnull-dereference -Wdouble-promotion -Wformat=2)
