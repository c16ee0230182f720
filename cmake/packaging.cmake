# Install rules and CPack for the daemon package (issue 7 "Packaging"): `cpack -G DEB` in a
# build directory makes mcastd_<version>_<arch>.deb with mcastd and mcastctl in /usr/sbin, their
# man pages, the systemd unit and an example /etc/mcastd/mcastd.conf (a conffile, so dpkg keeps
# local edits on upgrade). Included from the root CMakeLists.txt after apps/.
include(GNUInstallDirs)

if(TARGET mcastd)
  install(TARGETS mcastd RUNTIME DESTINATION ${CMAKE_INSTALL_SBINDIR})
endif()
if(TARGET mcastctl)
  install(TARGETS mcastctl RUNTIME DESTINATION ${CMAKE_INSTALL_SBINDIR})
endif()
install(FILES ${PROJECT_SOURCE_DIR}/docs/man/mcastd.8 ${PROJECT_SOURCE_DIR}/docs/man/mcastctl.8
  DESTINATION ${CMAKE_INSTALL_MANDIR}/man8)
# Debian's systemd looks in /lib/systemd/system for packaged units.
install(FILES ${PROJECT_SOURCE_DIR}/packaging/mcastd.service DESTINATION /lib/systemd/system)
install(FILES ${PROJECT_SOURCE_DIR}/packaging/mcastd.conf DESTINATION /etc/mcastd)

set(CPACK_PACKAGE_NAME mcastd)
set(CPACK_PACKAGE_VENDOR "mcast project")
set(CPACK_PACKAGE_DESCRIPTION_SUMMARY
  "IP multicast router daemon (IGMP, PIM-SM, VRRP) on the mcast engines")
set(CPACK_PACKAGE_DESCRIPTION
  "mcastd runs the mcast protocol engines on Linux: IGMP querier, PIM-SM router with static RP and VRRP, programming the kernel multicast forwarding cache. mcastctl shows and controls it over a unix socket.")
set(CPACK_PACKAGE_CONTACT "mcast maintainers <mcast@localhost>")
set(CPACK_PACKAGING_INSTALL_PREFIX /usr)
set(CPACK_GENERATOR DEB)
set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)
set(CPACK_DEBIAN_PACKAGE_SECTION net)
set(CPACK_DEBIAN_PACKAGE_PRIORITY optional)
set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS ON)
set(CPACK_DEBIAN_COMPRESSION_TYPE gzip)
set(CPACK_DEBIAN_PACKAGE_CONTROL_EXTRA ${PROJECT_SOURCE_DIR}/packaging/conffiles)
set(CPACK_DEBIAN_PACKAGE_CONTROL_STRICT_PERMISSION ON)
# Only what the install rules above name; the lab tool `mcast` is not part of this package.
set(CPACK_INSTALL_CMAKE_PROJECTS "${CMAKE_BINARY_DIR};${PROJECT_NAME};ALL;/")
include(CPack)

# The package test: cpack into a temporary directory, then check the file list with dpkg-deb.
if(MC_BUILD_TESTS AND TARGET mcastctl)
  find_program(MC_DPKG_DEB dpkg-deb)
  if(MC_DPKG_DEB)
    add_test(NAME package_deb
      COMMAND bash ${PROJECT_SOURCE_DIR}/packaging/package_test.sh ${CMAKE_BINARY_DIR}
              ${CMAKE_CPACK_COMMAND} $<TARGET_EXISTS:mcastd>)
    set_tests_properties(package_deb PROPERTIES LABELS package TIMEOUT 120)
  endif()
endif()
