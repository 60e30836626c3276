# install.cmake: what `cmake --install` puts where (FHS, via GNUInstallDirs), and the Debian
# package CPack builds from the same rules (`cpack -G DEB` in the build directory).
#   bin/statuslint                                  the program
#   share/statuslint/rules/                         the built-in pack, for reading
#   share/man/man1/statuslint.1.gz, man5/statuslint-rules.5.gz
#   share/bash-completion/completions/statuslint    bash (bash-completion loads it on demand)
#   share/zsh/vendor-completions/_statuslint        zsh (SL_ZSH_COMPLETION_DIR; Debian's fpath)
#   share/fish/vendor_completions.d/statuslint.fish fish
#   share/doc/statuslint/                           README, CHANGELOG, rule docs, licence if present

# ---- man pages: the version is filled in at configure time; gzip -9n as Debian ships them ----
find_program(SL_GZIP gzip)
set(SL_MAN_BUILD_DIR ${PROJECT_BINARY_DIR}/man)
set(sl_man_outputs "")
foreach(page statuslint.1 statuslint-rules.5)
  configure_file(${PROJECT_SOURCE_DIR}/docs/man/${page}.in ${SL_MAN_BUILD_DIR}/${page} @ONLY)
  string(REGEX MATCH "[0-9]$" sec ${page})
  if(SL_GZIP)
    add_custom_command(OUTPUT ${SL_MAN_BUILD_DIR}/${page}.gz
      COMMAND ${SL_GZIP} -9nkf ${page}
      WORKING_DIRECTORY ${SL_MAN_BUILD_DIR}
      DEPENDS ${SL_MAN_BUILD_DIR}/${page} VERBATIM)
    list(APPEND sl_man_outputs ${SL_MAN_BUILD_DIR}/${page}.gz)
    install(FILES ${SL_MAN_BUILD_DIR}/${page}.gz DESTINATION ${CMAKE_INSTALL_MANDIR}/man${sec})
  else()
    install(FILES ${SL_MAN_BUILD_DIR}/${page} DESTINATION ${CMAKE_INSTALL_MANDIR}/man${sec})
  endif()
endforeach()
add_custom_target(sl_man ALL DEPENDS ${sl_man_outputs})

# ---- shell completions (src/shell/): they ask the installed binary for options and names ----
set(SL_BASH_COMPLETION_DIR ${CMAKE_INSTALL_DATADIR}/bash-completion/completions
    CACHE STRING "Where the bash completion goes (relative: under the prefix)")
set(SL_ZSH_COMPLETION_DIR ${CMAKE_INSTALL_DATADIR}/zsh/vendor-completions
    CACHE STRING "Where the zsh completion goes (site-functions for a zsh outside Debian)")
set(SL_FISH_COMPLETION_DIR ${CMAKE_INSTALL_DATADIR}/fish/vendor_completions.d
    CACHE STRING "Where the fish completion goes")
install(FILES ${PROJECT_SOURCE_DIR}/src/shell/statuslint.bash DESTINATION ${SL_BASH_COMPLETION_DIR}
        RENAME statuslint)
install(FILES ${PROJECT_SOURCE_DIR}/src/shell/_statuslint DESTINATION ${SL_ZSH_COMPLETION_DIR})
install(FILES ${PROJECT_SOURCE_DIR}/src/shell/statuslint.fish DESTINATION ${SL_FISH_COMPLETION_DIR})

# ---- documentation; the licence file only when the project has one ----
install(FILES ${PROJECT_SOURCE_DIR}/README.md ${PROJECT_SOURCE_DIR}/CHANGELOG.md
              ${PROJECT_SOURCE_DIR}/docs/rules.md ${PROJECT_SOURCE_DIR}/docs/writing-rules.md
        DESTINATION ${CMAKE_INSTALL_DOCDIR})
foreach(lic LICENSE LICENSE.md LICENSE.txt COPYING)
  if(EXISTS ${PROJECT_SOURCE_DIR}/${lic})
    install(FILES ${PROJECT_SOURCE_DIR}/${lic} DESTINATION ${CMAKE_INSTALL_DOCDIR})
  endif()
endforeach()

# ---- Debian package: dependencies from dpkg-shlibdeps, so they match what the binary links ----
set(SL_PACKAGE_CONTACT "statuslint maintainers" CACHE STRING "Maintainer field of the .deb")
set(CPACK_PACKAGE_NAME statuslint)
set(CPACK_PACKAGE_VENDOR statuslint)
set(CPACK_PACKAGE_CONTACT "${SL_PACKAGE_CONTACT}")
set(CPACK_PACKAGE_DESCRIPTION_SUMMARY "flag HTTP status-code misuse in web access logs")
# Debian wants the extended description in lines of at most 80 columns.
set(CPACK_PACKAGE_DESCRIPTION "statuslint reads web access logs (nginx, Apache, IIS, CloudFront, ALB,\n\
Caddy, Traefik, JSON and CSV exports, compressed or not) as a stream and\n\
flags HTTP status codes that are misused: look-alike codes swapped,\n\
codes contradicted by the response's facts, and codes that are not codes\n\
at all. Every rule cites its RFC. Reports as text, JSON, SARIF, JUnit,\n\
GitLab Code Quality, GitHub annotations and Prometheus metrics.")
set(CPACK_GENERATOR DEB)
set(CPACK_STRIP_FILES ON)
set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)
set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS ON)
set(CPACK_DEBIAN_PACKAGE_SECTION utils)
set(CPACK_DEBIAN_PACKAGE_PRIORITY optional)
set(CPACK_SOURCE_GENERATOR TGZ)
string(REGEX REPLACE "([][+.*()^$?|\\\\])" "\\\\\\1" sl_src_re "${PROJECT_SOURCE_DIR}")
set(CPACK_SOURCE_IGNORE_FILES "/\\\\.git" "^${sl_src_re}/build" "__pycache__") # build dirs, build logs
include(CPack)
