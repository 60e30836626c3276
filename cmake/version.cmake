# version.cmake: what `statuslint --version` reports about this build. The version is
# project(VERSION); the commit is `git describe --always --dirty` of the source tree at configure
# time, or SL_COMMIT when given (-DSL_COMMIT=...). A tarball made by `git archive` carries its
# commit in cmake/archive-commit.txt (export-subst, .gitattributes); any other reads "unknown".
# A commit in the checkout re-runs the configure step, so the reported commit follows HEAD.
set(SL_COMMIT "" CACHE STRING "Commit reported by --version (default: git describe at configure)")
set(SL_BUILD_COMMIT "${SL_COMMIT}")
if(NOT SL_BUILD_COMMIT)
  set(SL_BUILD_COMMIT unknown)
  file(STRINGS "${PROJECT_SOURCE_DIR}/cmake/archive-commit.txt" sl_archive LIMIT_COUNT 1)
  if(sl_archive MATCHES "^[0-9a-f]+$")
    set(SL_BUILD_COMMIT "${sl_archive}")
  endif()
  find_package(Git QUIET)
  if(GIT_FOUND AND EXISTS "${PROJECT_SOURCE_DIR}/.git")
    execute_process(COMMAND "${GIT_EXECUTABLE}" describe --always --dirty --abbrev=12
                    WORKING_DIRECTORY "${PROJECT_SOURCE_DIR}"
                    OUTPUT_VARIABLE sl_describe RESULT_VARIABLE sl_rc
                    OUTPUT_STRIP_TRAILING_WHITESPACE ERROR_QUIET)
    if(sl_rc EQUAL 0 AND sl_describe)
      set(SL_BUILD_COMMIT "${sl_describe}")
    endif()
    execute_process(COMMAND "${GIT_EXECUTABLE}" rev-parse --absolute-git-dir
                    WORKING_DIRECTORY "${PROJECT_SOURCE_DIR}"
                    OUTPUT_VARIABLE sl_gitdir RESULT_VARIABLE sl_rc
                    OUTPUT_STRIP_TRAILING_WHITESPACE ERROR_QUIET)
    if(sl_rc EQUAL 0 AND EXISTS "${sl_gitdir}/logs/HEAD")
      set_property(DIRECTORY APPEND PROPERTY CMAKE_CONFIGURE_DEPENDS "${sl_gitdir}/logs/HEAD")
    endif()
  endif()
endif()
configure_file("${PROJECT_SOURCE_DIR}/cmake/sl_build_info.h.in"
               "${PROJECT_BINARY_DIR}/generated/sl_build_info.h" @ONLY)
