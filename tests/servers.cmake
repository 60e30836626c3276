# servers.cmake: Debian's stock apache2 and nginx serve curl traffic on free 127.0.0.1
# ports and statuslint reads their logs (label servers). Skips (77) without the servers.
add_test(NAME servers.stock-logs
  COMMAND bash ${CMAKE_CURRENT_SOURCE_DIR}/servers/stock_servers.sh $<TARGET_FILE:statuslint>)
set_tests_properties(servers.stock-logs PROPERTIES LABELS servers TIMEOUT 120 SKIP_RETURN_CODE 77)
# Whole log directories as a stock box has them: access and error logs, a rotation (nginx).
add_test(NAME servers.nginx-logs
  COMMAND bash ${CMAKE_CURRENT_SOURCE_DIR}/servers/nginx-logs.sh $<TARGET_FILE:statuslint>
          ${CMAKE_CURRENT_BINARY_DIR}/servers-nginx-logs)
set_tests_properties(servers.nginx-logs PROPERTIES LABELS servers TIMEOUT 120 SKIP_RETURN_CODE 77)
add_test(NAME servers.apache-logs
  COMMAND bash ${CMAKE_CURRENT_SOURCE_DIR}/servers/apache-logs.sh $<TARGET_FILE:statuslint>
          ${CMAKE_CURRENT_BINARY_DIR}/servers-apache-logs)
set_tests_properties(servers.apache-logs PROPERTIES LABELS servers TIMEOUT 120 SKIP_RETURN_CODE 77)
