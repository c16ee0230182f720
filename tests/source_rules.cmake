# DESIGN.md "Layout": no file under src/ may include socket, thread or <linux/...> headers or
# read a real clock or an unseeded random source. Included from tests/CMakeLists.txt.
add_test(NAME source_rules COMMAND bash ${PROJECT_SOURCE_DIR}/tests/source_rules_test.sh
  ${PROJECT_SOURCE_DIR})
