# hostile.cmake: hostile input, damaged archives, broken rule files and output failures,
# checked through the statuslint command line by tests/hostile/hostile.py (label hostile).
# Without python3 (a build-only machine) each test reports SKIPPED instead.
find_program(SL_PYTHON3 NAMES python3)
foreach(part inputs compressed rules outputs stderr)
  if(SL_PYTHON3)
    add_test(NAME hostile.${part}
      COMMAND ${SL_PYTHON3} ${CMAKE_CURRENT_SOURCE_DIR}/hostile/hostile.py ${part}
              $<TARGET_FILE:statuslint> ${CMAKE_CURRENT_BINARY_DIR}/hostile-${part})
  else()
    sl_skipped_test(hostile.${part} "python3 is not installed (bash tests/setup-debian.sh --test)")
  endif()
  set_tests_properties(hostile.${part} PROPERTIES LABELS hostile TIMEOUT 900 SKIP_RETURN_CODE 77
    ENVIRONMENT "SL_SOURCE_DIR=${PROJECT_SOURCE_DIR};SL_SHARED_DIR=${PROJECT_SOURCE_DIR}/../shared")
endforeach()
# integrity.py: no line lost, no partial run reported as complete, no file clobbered.
foreach(part lines partial clobber)
  if(SL_PYTHON3)
    add_test(NAME hostile.integrity.${part}
      COMMAND ${SL_PYTHON3} ${CMAKE_CURRENT_SOURCE_DIR}/hostile/integrity.py ${part}
              $<TARGET_FILE:statuslint> ${CMAKE_CURRENT_BINARY_DIR}/hostile-integrity-${part})
  else()
    sl_skipped_test(hostile.integrity.${part} "python3 is not installed (bash tests/setup-debian.sh --test)")
  endif()
  set_tests_properties(hostile.integrity.${part} PROPERTIES LABELS hostile TIMEOUT 600
    SKIP_RETURN_CODE 77 ENVIRONMENT "SL_SOURCE_DIR=${PROJECT_SOURCE_DIR}")
endforeach()

# Damaged, endless and oversized baseline files (tests/hostile/baselines.py).
if(SL_PYTHON3)
  add_test(NAME hostile.baselines
    COMMAND ${SL_PYTHON3} ${CMAKE_CURRENT_SOURCE_DIR}/hostile/baselines.py
            $<TARGET_FILE:statuslint> ${CMAKE_CURRENT_BINARY_DIR}/hostile-baselines)
  # presets.py: hostile lines for the presets whose matching backtracks.
  add_test(NAME hostile.presets
    COMMAND ${SL_PYTHON3} ${CMAKE_CURRENT_SOURCE_DIR}/hostile/presets.py
            $<TARGET_FILE:statuslint> ${CMAKE_CURRENT_BINARY_DIR}/hostile-presets)
  # The edges of the detection sample and of the byte-column inference (detect_edges.py).
  add_test(NAME hostile.detect-edges
    COMMAND ${SL_PYTHON3} ${CMAKE_CURRENT_SOURCE_DIR}/hostile/detect_edges.py
            $<TARGET_FILE:statuslint> ${CMAKE_CURRENT_BINARY_DIR}/hostile-detect-edges)
else()
  foreach(name baselines presets detect-edges)
    sl_skipped_test(hostile.${name} "python3 is not installed (bash tests/setup-debian.sh --test)")
  endforeach()
endif()
set_tests_properties(hostile.baselines hostile.presets PROPERTIES LABELS hostile TIMEOUT 900
  SKIP_RETURN_CODE 77)
set_tests_properties(hostile.detect-edges PROPERTIES LABELS hostile TIMEOUT 300 SKIP_RETURN_CODE 77)

# Bounded memory and time whatever the input or -j: tests/hostile/limits.py.
foreach(part regex findings threads decoders)
  if(SL_PYTHON3)
    add_test(NAME hostile.limits.${part}
      COMMAND ${SL_PYTHON3} ${CMAKE_CURRENT_SOURCE_DIR}/hostile/limits.py ${part}
              $<TARGET_FILE:statuslint> ${CMAKE_CURRENT_BINARY_DIR}/hostile-limits-${part})
  else()
    sl_skipped_test(hostile.limits.${part} "python3 is not installed (bash tests/setup-debian.sh --test)")
  endif()
  set_tests_properties(hostile.limits.${part} PROPERTIES LABELS hostile TIMEOUT 600
    SKIP_RETURN_CODE 77 ENVIRONMENT "SL_SANITIZE=${SL_SANITIZE}")
endforeach()

# untrusted.py: hostile checkouts (settings confinement), escaping of rule text and names,
# compressed-stream edge cases, and test hooks (none may change a release binary).
foreach(part settings escapes compressed boundaries hooks)
  if(SL_PYTHON3)
    add_test(NAME hostile.untrusted.${part}
      COMMAND ${SL_PYTHON3} ${CMAKE_CURRENT_SOURCE_DIR}/hostile/untrusted.py ${part}
              $<TARGET_FILE:statuslint> ${CMAKE_CURRENT_BINARY_DIR}/untrusted-${part})
  else()
    sl_skipped_test(hostile.untrusted.${part} "python3 is not installed (bash tests/setup-debian.sh --test)")
  endif()
  set_tests_properties(hostile.untrusted.${part} PROPERTIES LABELS hostile TIMEOUT 300 SKIP_RETURN_CODE 77
    ENVIRONMENT "SL_TEST_HOOKS=$<BOOL:${SL_TEST_HOOKS}>")
endforeach()

# routes.py: routes and finding groups under hostile paths, patterns and group counts.
if(SL_PYTHON3)
  add_test(NAME hostile.routes
    COMMAND ${SL_PYTHON3} ${CMAKE_CURRENT_SOURCE_DIR}/hostile/routes.py
            $<TARGET_FILE:statuslint> ${CMAKE_CURRENT_BINARY_DIR}/hostile-routes)
else()
  sl_skipped_test(hostile.routes "python3 is not installed (bash tests/setup-debian.sh --test)")
endif()
set_tests_properties(hostile.routes PROPERTIES LABELS hostile TIMEOUT 600 SKIP_RETURN_CODE 77
  ENVIRONMENT "SL_SANITIZE=${SL_SANITIZE}")

# Directory walks over self-links, loops and /proc/self (bash only).
add_test(NAME hostile.walks
  COMMAND bash ${CMAKE_CURRENT_SOURCE_DIR}/hostile/walks.sh $<TARGET_FILE:statuslint>
          ${CMAKE_CURRENT_BINARY_DIR}/hostile-walks)
set_tests_properties(hostile.walks PROPERTIES LABELS hostile TIMEOUT 300)

# follow_hostile.py: overlong, binary and unended lines and replaced files under `follow`.
add_test(NAME hostile.follow
  COMMAND /usr/bin/python3 ${CMAKE_CURRENT_SOURCE_DIR}/hostile/follow_hostile.py
          $<TARGET_FILE:statuslint> ${CMAKE_CURRENT_BINARY_DIR}/hostile-follow)
set_tests_properties(hostile.follow PROPERTIES LABELS hostile TIMEOUT 120)
