# The DESIGN.md warning set, applied per target through mc_options (an INTERFACE library)
# so third-party code is never compiled with it.
add_library(mc_options INTERFACE)
target_compile_options(mc_options INTERFACE
  -Wall -Wextra -Wpedantic -Wconversion -Wsign-conversion -Wshadow -Wnon-virtual-dtor
  -Wold-style-cast)
if(CMAKE_CXX_COMPILER_ID STREQUAL "GNU")
  # g++ 12 warns on designated initializers that omit fields.
  target_compile_options(mc_options INTERFACE -Wno-missing-field-initializers)
endif()
if(MC_WERROR)
  target_compile_options(mc_options INTERFACE -Werror)
endif()
if(MC_SANITIZE)
  target_compile_options(mc_options INTERFACE -fsanitize=address,undefined
    -fno-sanitize-recover=undefined -fno-omit-frame-pointer)
  target_link_options(mc_options INTERFACE -fsanitize=address,undefined)
endif()
