// mcast: the command-line front end (lab runner and tools).
#include <cstdio>
#include <cstring>

int main(int argc, char** argv) {
  if (argc >= 2 && (std::strcmp(argv[1], "--version") == 0 || std::strcmp(argv[1], "version") == 0)) {
    std::printf("mcast %s\n", MC_VERSION);
    return 0;
  }
  std::fprintf(stderr, "usage: mcast --version\n");
  return 2;
}
