/* test-yaml.c
 *
 * Copyright 2026 The Ferry authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include "ferry-core.h"

static FerryYamlStream *
parse (const gchar  *text,
       GError      **error)
{
  return ferry_yaml_stream_new_from_data ("test.yaml", text, strlen (text), error);
}

static FerryYamlStream *
parse_ok (const gchar *text)
{
  g_autoptr(GError) error = NULL;
  FerryYamlStream *stream = parse (text, &error);

  g_assert_no_error (error);
  g_assert_nonnull (stream);

  return stream;
}

static void
assert_refused (const gchar    *text,
                FerryYamlError  code,
                const gchar    *message)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(FerryYamlStream) stream = parse (text, &error);

  g_assert_null (stream);
  g_assert_error (error, FERRY_YAML_ERROR, code);
  g_assert_cmpstr (error->message, ==, message);
}

static void
test_block_and_flow (void)
{
  g_autoptr(FerryYamlStream) stream = parse_ok ("# a comment\n"
                                                "name: shop\n"
                                                "ports: [80, \"443\", {target: 8080}]\n"
                                                "env:\n"
                                                "  - A=1\n"
                                                "  - 'B=two words'\n"
                                                "nested: {a: {b: [x, y]}}\n"
                                                "text: |\n"
                                                "  line one\n"
                                                "  line two\n");
  FerryYamlNode *root;
  FerryYamlNode *ports;
  FerryYamlNode *env;

  g_assert_cmpuint (ferry_yaml_stream_get_n_documents (stream), ==, 1);
  g_assert_cmpstr (ferry_yaml_stream_get_name (stream), ==, "test.yaml");
  root = ferry_yaml_stream_get_document (stream, 0);
  g_assert_cmpint (ferry_yaml_node_get_kind (root), ==, FERRY_YAML_NODE_MAPPING);
  g_assert_cmpuint (ferry_yaml_node_get_length (root), ==, 5);
  g_assert_cmpstr (ferry_yaml_node_lookup_scalar (root, "name"), ==, "shop");
  g_assert_cmpstr (ferry_yaml_node_get_scalar (ferry_yaml_node_get_key (root, 0)), ==, "name");

  ports = ferry_yaml_node_lookup (root, "ports");
  g_assert_cmpint (ferry_yaml_node_get_kind (ports), ==, FERRY_YAML_NODE_SEQUENCE);
  g_assert_cmpuint (ferry_yaml_node_get_length (ports), ==, 3);
  g_assert_cmpstr (ferry_yaml_node_get_scalar (ferry_yaml_node_get_item (ports, 0)), ==, "80");
  g_assert_cmpstr (ferry_yaml_node_get_scalar (ferry_yaml_node_get_item (ports, 1)), ==, "443");
  g_assert_cmpstr (ferry_yaml_node_lookup_scalar (ferry_yaml_node_get_item (ports, 2), "target"), ==, "8080");

  /* Locations count from 1. */
  g_assert_cmpuint (ferry_yaml_node_get_line (ports), ==, 3);
  g_assert_cmpuint (ferry_yaml_node_get_column (ports), ==, 8);
  g_assert_cmpuint (ferry_yaml_node_get_line (ferry_yaml_node_get_item (ports, 2)), ==, 3);
  g_assert_cmpuint (ferry_yaml_node_get_column (ferry_yaml_node_get_item (ports, 2)), ==, 20);

  env = ferry_yaml_node_lookup (root, "env");
  g_assert_cmpstr (ferry_yaml_node_get_scalar (ferry_yaml_node_get_item (env, 1)), ==, "B=two words");
  g_assert_cmpuint (ferry_yaml_node_get_line (ferry_yaml_node_get_item (env, 1)), ==, 6);

  g_assert_cmpstr (ferry_yaml_node_get_scalar (ferry_yaml_node_get_item (
                     ferry_yaml_node_lookup (ferry_yaml_node_lookup (ferry_yaml_node_lookup (root, "nested"), "a"), "b"), 1)),
                   ==, "y");
  g_assert_cmpstr (ferry_yaml_node_lookup_scalar (root, "text"), ==, "line one\nline two\n");

  /* What is not there, or not of the kind asked, is NULL. */
  g_assert_null (ferry_yaml_node_lookup (root, "missing"));
  g_assert_null (ferry_yaml_node_lookup (ports, "a"));
  g_assert_null (ferry_yaml_node_get_scalar (ports));
  g_assert_cmpint (ferry_yaml_node_get_kind (NULL), ==, FERRY_YAML_NODE_SCALAR);
  g_assert_cmpuint (ferry_yaml_node_get_length (NULL), ==, 0);
}

static void
test_nulls (void)
{
  g_autoptr(FerryYamlStream) stream = parse_ok ("a: ~\nb: \"\"\nc: null\nd: 'null'\ne:\nf: !!null x\ng: NULL\n");
  FerryYamlNode *root = ferry_yaml_stream_get_document (stream, 0);

  g_assert_true (ferry_yaml_node_is_null (ferry_yaml_node_lookup (root, "a")));
  g_assert_false (ferry_yaml_node_is_null (ferry_yaml_node_lookup (root, "b")));
  g_assert_cmpstr (ferry_yaml_node_lookup_scalar (root, "b"), ==, "");
  g_assert_true (ferry_yaml_node_is_null (ferry_yaml_node_lookup (root, "c")));
  g_assert_false (ferry_yaml_node_is_null (ferry_yaml_node_lookup (root, "d")));
  g_assert_cmpstr (ferry_yaml_node_lookup_scalar (root, "d"), ==, "null");
  g_assert_true (ferry_yaml_node_is_null (ferry_yaml_node_lookup (root, "e")));
  g_assert_null (ferry_yaml_node_lookup_scalar (root, "e"));
  g_assert_true (ferry_yaml_node_is_null (ferry_yaml_node_lookup (root, "f")));
  g_assert_true (ferry_yaml_node_is_null (ferry_yaml_node_lookup (root, "g")));
  g_assert_true (ferry_yaml_node_is_null (NULL));
}

static void
test_multi_document (void)
{
  g_autoptr(FerryYamlStream) stream = parse_ok ("kind: A\n"
                                                "---\n"
                                                "kind: B\n"
                                                "---\n"
                                                "---\n"
                                                "- 1\n"
                                                "- 2\n"
                                                "...\n");
  FerryYamlNode *third;

  g_assert_cmpuint (ferry_yaml_stream_get_n_documents (stream), ==, 4);
  g_assert_cmpstr (ferry_yaml_node_lookup_scalar (ferry_yaml_stream_get_document (stream, 0), "kind"), ==, "A");
  g_assert_cmpstr (ferry_yaml_node_lookup_scalar (ferry_yaml_stream_get_document (stream, 1), "kind"), ==, "B");
  g_assert_cmpuint (ferry_yaml_node_get_line (ferry_yaml_stream_get_document (stream, 1)), ==, 3);
  third = ferry_yaml_stream_get_document (stream, 2);
  g_assert_true (ferry_yaml_node_is_null (third));
  g_assert_cmpuint (ferry_yaml_node_get_length (ferry_yaml_stream_get_document (stream, 3)), ==, 2);
}

static void
test_empty (void)
{
  g_autoptr(FerryYamlStream) stream = parse_ok ("");
  g_autoptr(FerryYamlStream) comments = parse_ok ("# nothing here\n");

  g_assert_cmpuint (ferry_yaml_stream_get_n_documents (stream), ==, 0);
  g_assert_cmpuint (ferry_yaml_stream_get_n_documents (comments), ==, 0);
}

static void
test_anchors_and_aliases (void)
{
  g_autoptr(FerryYamlStream) stream = parse_ok ("base: &env {LOG: info, MODE: fast}\n"
                                                "name: &n web\n"
                                                "copy: *env\n"
                                                "names: [*n, *n]\n"
                                                "---\n"
                                                "again: &env other\n"
                                                "ref: *env\n");
  FerryYamlNode *root = ferry_yaml_stream_get_document (stream, 0);
  FerryYamlNode *second = ferry_yaml_stream_get_document (stream, 1);

  /* An alias is the node it names, not a copy. */
  g_assert_true (ferry_yaml_node_lookup (root, "copy") == ferry_yaml_node_lookup (root, "base"));
  g_assert_cmpstr (ferry_yaml_node_lookup_scalar (ferry_yaml_node_lookup (root, "copy"), "MODE"), ==, "fast");
  g_assert_cmpstr (ferry_yaml_node_get_scalar (ferry_yaml_node_get_item (ferry_yaml_node_lookup (root, "names"), 1)),
                   ==, "web");

  /* Anchors are per document. */
  g_assert_cmpstr (ferry_yaml_node_lookup_scalar (second, "ref"), ==, "other");
}

static void
test_merge_keys (void)
{
  g_autoptr(FerryYamlStream) stream = parse_ok ("a: &a {x: 1, y: 1}\n"
                                                "b: &b {y: 2, z: 2}\n"
                                                "one:\n"
                                                "  <<: *a\n"
                                                "  x: own\n"
                                                "list:\n"
                                                "  <<: [*a, *b]\n"
                                                "  w: 0\n"
                                                "quoted:\n"
                                                "  \"<<\": not a merge\n");
  FerryYamlNode *root = ferry_yaml_stream_get_document (stream, 0);
  FerryYamlNode *one = ferry_yaml_node_lookup (root, "one");
  FerryYamlNode *list = ferry_yaml_node_lookup (root, "list");
  FerryYamlNode *quoted = ferry_yaml_node_lookup (root, "quoted");

  /* Explicit keys win over merged ones, and the merge key itself is gone. */
  g_assert_cmpuint (ferry_yaml_node_get_length (one), ==, 2);
  g_assert_cmpstr (ferry_yaml_node_lookup_scalar (one, "x"), ==, "own");
  g_assert_cmpstr (ferry_yaml_node_lookup_scalar (one, "y"), ==, "1");
  g_assert_null (ferry_yaml_node_lookup (one, "<<"));

  /* In a list of merges, the first that has a key gives it. */
  g_assert_cmpuint (ferry_yaml_node_get_length (list), ==, 4);
  g_assert_cmpstr (ferry_yaml_node_get_scalar (ferry_yaml_node_get_key (list, 0)), ==, "w");
  g_assert_cmpstr (ferry_yaml_node_lookup_scalar (list, "y"), ==, "1");
  g_assert_cmpstr (ferry_yaml_node_lookup_scalar (list, "z"), ==, "2");

  /* Only a plain << merges. */
  g_assert_cmpstr (ferry_yaml_node_lookup_scalar (quoted, "<<"), ==, "not a merge");
}

static void
test_large_mapping (void)
{
  g_autoptr(GString) text = g_string_new (NULL);
  g_autoptr(FerryYamlStream) stream = NULL;
  FerryYamlNode *root;

  for (guint i = 0; i < 100; i++)
    g_string_append_printf (text, "key%u: %u\n", i, i);
  g_string_append (text, "merged:\n  <<: {key1: a, key99: b, extra: c}\n  key1: own\n");

  stream = parse_ok (text->str);
  root = ferry_yaml_stream_get_document (stream, 0);
  g_assert_cmpuint (ferry_yaml_node_get_length (root), ==, 101);
  g_assert_cmpstr (ferry_yaml_node_lookup_scalar (root, "key77"), ==, "77");
  g_assert_cmpstr (ferry_yaml_node_lookup_scalar (ferry_yaml_node_lookup (root, "merged"), "key1"), ==, "own");

  /* Duplicates are found in large mappings too. */
  g_string_append (text, "key50: again\n");
  assert_refused (text->str, FERRY_YAML_ERROR_DUPLICATE_KEY,
                  "test.yaml:104:1: error: duplicate key “key50” (first at line 51, column 1)");
}

static void
test_billion_laughs (void)
{
  g_autoptr(GString) text = g_string_new ("a: &a [lol, lol, lol, lol, lol, lol, lol, lol, lol, lol]\n");
  g_autoptr(GError) error = NULL;
  g_autoptr(FerryYamlStream) stream = NULL;
  const gchar *previous = "a";
  static const gchar * const names[] = { "b", "c", "d", "e", "f", "g", "h", "i" };

  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    {
      g_string_append_printf (text, "%s: &%s [", names[i], names[i]);
      for (guint j = 0; j < 10; j++)
        g_string_append_printf (text, "%s*%s", j > 0 ? ", " : "", previous);
      g_string_append (text, "]\n");
      previous = names[i];
    }

  stream = parse (text->str, &error);
  g_assert_null (stream);
  g_assert_error (error, FERRY_YAML_ERROR, FERRY_YAML_ERROR_EXPANSION);
  g_assert_true (g_str_has_prefix (error->message, "test.yaml:"));
  g_assert_nonnull (strstr (error->message, ": error: aliases expand this document beyond 1000000 nodes"));

  /* The same through merge keys. */
  g_string_assign (text, "a: &a {k0: 0, k1: 1, k2: 2, k3: 3, k4: 4, k5: 5, k6: 6, k7: 7, k8: 8, k9: 9}\n");
  previous = "a";
  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    {
      g_string_append_printf (text, "%s: &%s {", names[i], names[i]);
      for (guint j = 0; j < 10; j++)
        g_string_append_printf (text, "%sm%u: *%s", j > 0 ? ", " : "", j, previous);
      g_string_append (text, "}\n");
      previous = names[i];
    }
  g_clear_error (&error);
  g_clear_object (&stream);
  stream = parse (text->str, &error);
  g_assert_null (stream);
  g_assert_error (error, FERRY_YAML_ERROR, FERRY_YAML_ERROR_EXPANSION);

  /* A modest use of aliases is fine. */
  g_clear_object (&stream);
  stream = parse_ok ("a: &a [1, 2, 3]\nb: [*a, *a, *a]\nc: [*a, *a]\n");
  g_assert_nonnull (stream);
}

static void
test_malformed (void)
{
  assert_refused ("services:\n  web:\n    image: \"abc\n", FERRY_YAML_ERROR_SYNTAX,
                  "test.yaml:4:1: error: found unexpected end of stream "
                  "(while scanning a quoted scalar that started at line 3, column 12)");
  assert_refused ("a: [1, 2\nb: 3\n", FERRY_YAML_ERROR_SYNTAX,
                  "test.yaml:2:2: error: did not find expected ',' or ']' "
                  "(while parsing a flow sequence that started at line 1, column 4)");
  assert_refused ("a:\n\tb: 1\n", FERRY_YAML_ERROR_SYNTAX,
                  "test.yaml:2:1: error: found character that cannot start any token "
                  "(while scanning for the next token that started at line 2, column 1)");
  assert_refused ("a: 1\n b: 2\n", FERRY_YAML_ERROR_SYNTAX,
                  "test.yaml:2:3: error: mapping values are not allowed in this context");
  assert_refused ("a: *nowhere\n", FERRY_YAML_ERROR_ALIAS,
                  "test.yaml:1:4: error: alias “*nowhere” names no anchor defined before it");
  /* An alias inside the node it names would be a cycle: unknown there. */
  assert_refused ("a: &self [1, *self]\n", FERRY_YAML_ERROR_ALIAS,
                  "test.yaml:1:14: error: alias “*self” names no anchor defined before it");
  assert_refused ("a: 1\nb: 2\na: 3\n", FERRY_YAML_ERROR_DUPLICATE_KEY,
                  "test.yaml:3:1: error: duplicate key “a” (first at line 1, column 1)");
  assert_refused ("a:\n  <<: [1, 2]\n", FERRY_YAML_ERROR_MERGE,
                  "test.yaml:2:7: error: a merge key (<<) takes a mapping or a list of mappings");
  assert_refused ("a:\n  <<: text\n", FERRY_YAML_ERROR_MERGE,
                  "test.yaml:2:7: error: a merge key (<<) takes a mapping or a list of mappings");
}

static void
test_bad_encoding (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(FerryYamlStream) stream = NULL;
  const gchar text[] = "a: 1\nb: \xff\xfe\n";

  stream = ferry_yaml_stream_new_from_data ("bad.yaml", text, sizeof text - 1, &error);
  g_assert_null (stream);
  g_assert_error (error, FERRY_YAML_ERROR, FERRY_YAML_ERROR_SYNTAX);
  g_assert_cmpstr (error->message, ==, "bad.yaml:2:4: error: invalid leading UTF-8 octet (byte 0xff)");
}

static void
test_limits (void)
{
  g_autoptr(GString) deep = g_string_new ("a: ");
  g_autoptr(GError) error = NULL;
  g_autoptr(FerryYamlStream) stream = NULL;
  g_autofree gchar *big = NULL;

  for (guint i = 0; i < FERRY_YAML_MAX_DEPTH + 1; i++)
    g_string_append_c (deep, '[');
  for (guint i = 0; i < FERRY_YAML_MAX_DEPTH + 1; i++)
    g_string_append_c (deep, ']');

  stream = parse (deep->str, &error);
  g_assert_null (stream);
  g_assert_error (error, FERRY_YAML_ERROR, FERRY_YAML_ERROR_TOO_LARGE);
  g_assert_cmpstr (error->message, ==, "test.yaml:1:259: error: collections nest deeper than 256 levels");
  g_clear_error (&error);

  big = g_malloc0 (FERRY_YAML_MAX_SIZE + 1);
  memset (big, ' ', FERRY_YAML_MAX_SIZE + 1);
  stream = ferry_yaml_stream_new_from_data ("big.yaml", big, FERRY_YAML_MAX_SIZE + 1, &error);
  g_assert_null (stream);
  g_assert_error (error, FERRY_YAML_ERROR, FERRY_YAML_ERROR_TOO_LARGE);
  g_assert_cmpstr (error->message, ==, "big.yaml:1:1: error: the file is larger than 16 MiB");
}

static void
test_from_file (void)
{
  g_autofree gchar *path = g_build_filename (g_get_tmp_dir (), "file.yaml", NULL);
  g_autofree gchar *large_path = g_build_filename (g_get_tmp_dir (), "large.yaml", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GFile) large = g_file_new_for_path (large_path);
  g_autoptr(GFile) missing = g_file_new_for_path ("/nonexistent/ferry/missing.yaml");
  g_autoptr(GFileOutputStream) output = NULL;
  g_autoptr(FerryYamlStream) stream = NULL;
  g_autoptr(GError) error = NULL;

  g_file_set_contents (path, "services:\n  web: {image: nginx}\n", -1, &error);
  g_assert_no_error (error);

  stream = ferry_yaml_stream_new_from_file (file, "shown.yaml", NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (ferry_yaml_stream_get_name (stream), ==, "shown.yaml");
  g_assert_cmpuint (ferry_yaml_stream_get_n_documents (stream), ==, 1);
  g_clear_object (&stream);

  stream = ferry_yaml_stream_new_from_file (missing, NULL, NULL, &error);
  g_assert_null (stream);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND);
  g_assert_true (g_str_has_prefix (error->message, "/nonexistent/ferry/missing.yaml: error: "));
  g_clear_error (&error);

  /* A file over the limit is refused before it is read (a sparse file). */
  output = g_file_replace (large, NULL, FALSE, G_FILE_CREATE_NONE, NULL, &error);
  g_assert_no_error (error);
  g_seekable_truncate (G_SEEKABLE (output), FERRY_YAML_MAX_SIZE + 1, NULL, &error);
  g_assert_no_error (error);
  g_output_stream_close (G_OUTPUT_STREAM (output), NULL, &error);
  g_assert_no_error (error);

  stream = ferry_yaml_stream_new_from_file (large, "large.yaml", NULL, &error);
  g_assert_null (stream);
  g_assert_error (error, FERRY_YAML_ERROR, FERRY_YAML_ERROR_TOO_LARGE);
  g_assert_cmpstr (error->message, ==, "large.yaml:1:1: error: the file is larger than 16 MiB");
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add_func ("/ferry/yaml/block-and-flow", test_block_and_flow);
  g_test_add_func ("/ferry/yaml/nulls", test_nulls);
  g_test_add_func ("/ferry/yaml/multi-document", test_multi_document);
  g_test_add_func ("/ferry/yaml/empty", test_empty);
  g_test_add_func ("/ferry/yaml/anchors-and-aliases", test_anchors_and_aliases);
  g_test_add_func ("/ferry/yaml/merge-keys", test_merge_keys);
  g_test_add_func ("/ferry/yaml/large-mapping", test_large_mapping);
  g_test_add_func ("/ferry/yaml/billion-laughs", test_billion_laughs);
  g_test_add_func ("/ferry/yaml/malformed", test_malformed);
  g_test_add_func ("/ferry/yaml/bad-encoding", test_bad_encoding);
  g_test_add_func ("/ferry/yaml/limits", test_limits);
  g_test_add_func ("/ferry/yaml/from-file", test_from_file);

  return g_test_run ();
}
