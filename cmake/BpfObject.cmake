# bpf_object(NAME SOURCE [HEADERS h...]) compiles SOURCE with clang -target bpf, generates
# NAME.skel.h with `bpftool gen skeleton`, and defines the INTERFACE target NAME_skel that
# carries the skeleton's include dir and libbpf. Listing HEADERS makes an edit to the shared
# ABI header rebuild the object.
find_program(BPF_CLANG NAMES clang clang-14 REQUIRED)
find_program(BPFTOOL NAMES bpftool PATHS /usr/sbin /sbin REQUIRED)

set(BPF_VMLINUX_BTF /sys/kernel/btf/vmlinux CACHE FILEPATH "BTF used to generate vmlinux.h")
set(BPF_GEN_DIR ${CMAKE_BINARY_DIR}/bpf-gen)
file(MAKE_DIRECTORY ${BPF_GEN_DIR})

add_custom_command(
  OUTPUT ${BPF_GEN_DIR}/vmlinux.h
  COMMAND ${BPFTOOL} btf dump file ${BPF_VMLINUX_BTF} format c > ${BPF_GEN_DIR}/vmlinux.h
  COMMENT "Generating vmlinux.h from ${BPF_VMLINUX_BTF}"
  VERBATIM)
add_custom_target(bpf_vmlinux_h DEPENDS ${BPF_GEN_DIR}/vmlinux.h)

if(CMAKE_SYSTEM_PROCESSOR MATCHES "x86_64")
  set(BPF_TARGET_ARCH x86)
elseif(CMAKE_SYSTEM_PROCESSOR MATCHES "aarch64")
  set(BPF_TARGET_ARCH arm64)
else()
  set(BPF_TARGET_ARCH ${CMAKE_SYSTEM_PROCESSOR})
endif()

function(bpf_object name source)
  cmake_parse_arguments(PARSE_ARGV 2 ARG "" "" "HEADERS")
  set(obj ${BPF_GEN_DIR}/${name}.bpf.o)
  set(skel ${BPF_GEN_DIR}/${name}.skel.h)
  add_custom_command(
    OUTPUT ${obj}
    COMMAND ${BPF_CLANG} -g -O2 -target bpf -mcpu=v3 -D__TARGET_ARCH_${BPF_TARGET_ARCH}
            -I${BPF_GEN_DIR} -I${CMAKE_CURRENT_SOURCE_DIR} -Wall -Werror
            -c ${CMAKE_CURRENT_SOURCE_DIR}/${source} -o ${obj}
    DEPENDS ${CMAKE_CURRENT_SOURCE_DIR}/${source} ${ARG_HEADERS} ${BPF_GEN_DIR}/vmlinux.h
    COMMENT "Compiling BPF object ${name}"
    VERBATIM)
  add_custom_command(
    OUTPUT ${skel}
    COMMAND ${BPFTOOL} gen skeleton ${obj} name ${name} > ${skel}
    DEPENDS ${obj}
    COMMENT "Generating BPF skeleton ${name}.skel.h"
    VERBATIM)
  add_custom_target(${name}_skel_gen DEPENDS ${skel})
  add_library(${name}_skel INTERFACE)
  add_dependencies(${name}_skel ${name}_skel_gen)
  # SYSTEM: generated skeletons use C casts that our warning set rejects.
  target_include_directories(${name}_skel SYSTEM INTERFACE ${BPF_GEN_DIR} ${CMAKE_CURRENT_SOURCE_DIR})
  target_link_libraries(${name}_skel INTERFACE PkgConfig::LIBBPF)
endfunction()
