/* test-prom-text.c
 *
 * Copyright 2026 The Ferry authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <math.h>
#include <stdio.h>

#include "ferry-core.h"

static const gchar valid_payload[] =
  "# A comment that is not HELP nor TYPE\n"
  "# HELP http_requests_total The total number of HTTP requests.\n"
  "# TYPE http_requests_total counter\n"
  "http_requests_total{method=\"post\",code=\"200\"} 1027 1395066363000\n"
  "http_requests_total{method=\"post\",code=\"400\"}    3 1395066363000\n"
  "\n"
  "# Escaping in label values:\n"
  "msdos_file_access_time_seconds{path=\"C:\\\\DIR\\\\FILE.TXT\",error=\"Cannot find file:\\n\\\"FILE.TXT\\\"\"} 1.458255915e9\n"
  "\n"
  "# Minimalistic line:\n"
  "metric_without_timestamp_and_labels 12.47\n"
  "\n"
  "# A weird metric from before the epoch:\n"
  "something_weird{problem=\"division by zero\"} +Inf -3982045\n"
  "\n"
  "# HELP http_request_duration_seconds A histogram of the request duration.\n"
  "# TYPE http_request_duration_seconds histogram\n"
  "http_request_duration_seconds_bucket{le=\"0.05\"} 24054\n"
  "http_request_duration_seconds_bucket{le=\"0.1\"} 33444\n"
  "http_request_duration_seconds_bucket{le=\"+Inf\"} 144320\n"
  "http_request_duration_seconds_sum 53423\n"
  "http_request_duration_seconds_count 144320\n"
  "\n"
  "# HELP rpc_duration_seconds A summary\\nwith a \\\\ backslash.\n"
  "# TYPE rpc_duration_seconds summary\n"
  "rpc_duration_seconds{quantile=\"0.5\"} 4773\n"
  "rpc_duration_seconds{quantile=\"0.99\",} NaN\n"
  "rpc_duration_seconds_sum 1.7560473e+07\n"
  "rpc_duration_seconds_count 2693\n"
  "# TYPE cold_gauge gauge\n"
  "cold_gauge -Inf\r\n"
  "spaced_labels { a = \"1\" , b=\"2\" } 7\n";

static void
test_valid (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(FerryPromText) text = ferry_prom_text_parse (valid_payload, -1, &error);
  FerryPromFamily *family;
  FerryPromSample *sample;
  gint64 ts;

  g_assert_no_error (error);
  g_assert_nonnull (text);
  g_assert_cmpuint (ferry_prom_text_get_n_families (text), ==, 8);

  family = ferry_prom_text_get_family (text, 0);
  g_assert_cmpstr (ferry_prom_family_get_name (family), ==, "http_requests_total");
  g_assert_cmpstr (ferry_prom_family_get_help (family), ==, "The total number of HTTP requests.");
  g_assert_cmpint (ferry_prom_family_get_metric_type (family), ==, FERRY_PROM_TYPE_COUNTER);
  g_assert_cmpuint (ferry_prom_family_get_n_samples (family), ==, 2);
  sample = ferry_prom_family_get_sample (family, 1);
  g_assert_cmpstr (ferry_prom_sample_get_label (sample, "code"), ==, "400");
  g_assert_cmpstr (ferry_prom_sample_get_label (sample, "method"), ==, "post");
  g_assert_null (ferry_prom_sample_get_label (sample, "path"));
  g_assert_cmpfloat (ferry_prom_sample_get_value (sample), ==, 3.0);
  g_assert_true (ferry_prom_sample_get_timestamp (sample, &ts));
  g_assert_cmpint (ts, ==, G_GINT64_CONSTANT (1395066363000));

  family = ferry_prom_text_lookup_family (text, "msdos_file_access_time_seconds");
  g_assert_nonnull (family);
  sample = ferry_prom_family_get_sample (family, 0);
  g_assert_cmpstr (ferry_prom_sample_get_label (sample, "path"), ==, "C:\\DIR\\FILE.TXT");
  g_assert_cmpstr (ferry_prom_sample_get_label (sample, "error"), ==, "Cannot find file:\n\"FILE.TXT\"");
  g_assert_cmpfloat (ferry_prom_sample_get_value (sample), ==, 1.458255915e9);
  g_assert_false (ferry_prom_sample_get_timestamp (sample, NULL));

  family = ferry_prom_text_lookup_family (text, "something_weird");
  sample = ferry_prom_family_get_sample (family, 0);
  g_assert_true (isinf (ferry_prom_sample_get_value (sample)));
  g_assert_cmpfloat (ferry_prom_sample_get_value (sample), >, 0);
  g_assert_true (ferry_prom_sample_get_timestamp (sample, &ts));
  g_assert_cmpint (ts, ==, -3982045);

  family = ferry_prom_text_lookup_family (text, "http_request_duration_seconds");
  g_assert_cmpint (ferry_prom_family_get_metric_type (family), ==, FERRY_PROM_TYPE_HISTOGRAM);
  g_assert_cmpuint (ferry_prom_family_get_n_samples (family), ==, 5);
  g_assert_null (ferry_prom_text_lookup_family (text, "http_request_duration_seconds_bucket"));
  sample = ferry_prom_family_get_sample (family, 2);
  g_assert_cmpstr (ferry_prom_sample_get_name (sample), ==, "http_request_duration_seconds_bucket");
  g_assert_cmpstr (ferry_prom_sample_get_label (sample, "le"), ==, "+Inf");

  family = ferry_prom_text_lookup_family (text, "rpc_duration_seconds");
  g_assert_cmpint (ferry_prom_family_get_metric_type (family), ==, FERRY_PROM_TYPE_SUMMARY);
  g_assert_cmpstr (ferry_prom_family_get_help (family), ==, "A summary\nwith a \\ backslash.");
  g_assert_cmpuint (ferry_prom_family_get_n_samples (family), ==, 4);
  g_assert_true (isnan (ferry_prom_sample_get_value (ferry_prom_family_get_sample (family, 1))));

  family = ferry_prom_text_lookup_family (text, "cold_gauge");
  g_assert_cmpint (ferry_prom_family_get_metric_type (family), ==, FERRY_PROM_TYPE_GAUGE);
  g_assert_cmpfloat (ferry_prom_sample_get_value (ferry_prom_family_get_sample (family, 0)), ==, -INFINITY);

  family = ferry_prom_text_lookup_family (text, "spaced_labels");
  sample = ferry_prom_family_get_sample (family, 0);
  g_assert_cmpuint (ferry_prom_sample_get_n_labels (sample), ==, 2);
  g_assert_cmpstr (ferry_prom_sample_get_label (sample, "b"), ==, "2");
}

static void
test_sum (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(FerryPromText) text = ferry_prom_text_parse (valid_payload, -1, &error);
  const gchar *code_400[] = { "code", "400", NULL };
  const gchar *nobody[] = { "code", "500", NULL };
  gdouble sum = -1;

  g_assert_no_error (error);
  g_assert_true (ferry_prom_text_sum (text, "http_requests_total", NULL, &sum));
  g_assert_cmpfloat (sum, ==, 1030.0);
  g_assert_true (ferry_prom_text_sum (text, "http_requests_total", code_400, &sum));
  g_assert_cmpfloat (sum, ==, 3.0);
  g_assert_false (ferry_prom_text_sum (text, "http_requests_total", nobody, &sum));
  g_assert_cmpfloat (sum, ==, 0.0);
  g_assert_true (ferry_prom_text_sum (text, "http_request_duration_seconds_count", NULL, &sum));
  g_assert_cmpfloat (sum, ==, 144320.0);
  g_assert_false (ferry_prom_text_sum (text, "no_such_metric", NULL, &sum));
}

static void
test_empty (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(FerryPromText) text = ferry_prom_text_parse ("", 0, &error);
  g_autoptr(FerryPromText) comments = NULL;

  g_assert_no_error (error);
  g_assert_cmpuint (ferry_prom_text_get_n_families (text), ==, 0);

  comments = ferry_prom_text_parse ("# just\n\n   \n#a comment\n", -1, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (ferry_prom_text_get_n_families (comments), ==, 0);
}

static void
test_values (void)
{
  static const struct {
    const gchar *text;
    gboolean     ok;
    gdouble      value;
  } cases[] = {
    { "0", TRUE, 0.0 },
    { "-1.5", TRUE, -1.5 },
    { "+2", TRUE, 2.0 },
    { ".5", TRUE, 0.5 },
    { "5.", TRUE, 5.0 },
    { "1e3", TRUE, 1000.0 },
    { "1.5E-2", TRUE, 0.015 },
    { "+Inf", TRUE, INFINITY },
    { "-Inf", TRUE, -INFINITY },
    { "Inf", TRUE, INFINITY },
    { "inf", TRUE, INFINITY },
    { "1e999", TRUE, INFINITY },
    { "", FALSE, 0 },
    { "abc", FALSE, 0 },
    { "1e", FALSE, 0 },
    { "0x10", FALSE, 0 },
    { "1.2.3", FALSE, 0 },
    { " 1", FALSE, 0 },
    { "1 ", FALSE, 0 },
    { ".", FALSE, 0 },
    { "-", FALSE, 0 },
    { "+NaN", FALSE, 0 },
  };
  gdouble value;

  g_assert_true (ferry_prom_parse_value ("NaN", -1, &value));
  g_assert_true (isnan (value));
  g_assert_true (ferry_prom_parse_value ("nan", -1, &value));
  g_assert_true (isnan (value));

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      gboolean ok = ferry_prom_parse_value (cases[i].text, -1, &value);

      g_test_message ("value “%s”", cases[i].text);
      g_assert_cmpint (ok, ==, cases[i].ok);
      if (ok)
        g_assert_cmpfloat (value, ==, cases[i].value);
    }
}

static void
test_errors (void)
{
  static const struct {
    const gchar *text;
    const gchar *prefix;
    const gchar *words;
  } cases[] = {
    { "foo", "1:4:", "expected a value" },
    { "foo bar", "1:5:", "not a number" },
    { "foo 1 2 3", "1:9:", "unexpected text" },
    { "foo 1 12x", "1:7:", "not a timestamp" },
    { "ok 1\nfoo{a=\"b\" 1", "2:11:", "expected “,” or “}”" },
    { "foo{a=\"b\"", "1:10:", "not closed by “}”" },
    { "foo{a=\"b", "1:7:", "not closed by a quote" },
    { "foo{a=b} 1", "1:7:", "quoted value" },
    { "foo{a\"b\"} 1", "1:6:", "expected “=”" },
    { "foo{1a=\"b\"} 1", "1:5:", "label name" },
    { "foo{a=\"1\",a=\"2\"} 1", "1:11:", "duplicate label" },
    { "foo{a=\"\\t\"} 1", "1:8:", "invalid escape" },
    { "foo{a=\"\xff\"} 1", "1:7:", "UTF-8" },
    { "foo-bar 1", "1:4:", "invalid character" },
    { "9lives 1", "1:1:", "metric name" },
    { "# TYPE foo counter\n# TYPE foo gauge\n", "2:1:", "second TYPE" },
    { "# TYPE foo blah\n", "1:12:", "unknown type" },
    { "# TYPE foo\n", "1:11:", "expected a type" },
    { "# TYPE foo counter extra\n", "1:20:", "unexpected text" },
    { "foo 1\n# TYPE foo counter\n", "2:1:", "after its samples" },
    { "# HELP foo a\n# HELP foo b\n", "2:1:", "second HELP" },
    { "# HELP foo bad \\t escape\n", "1:16:", "invalid escape" },
    { "# HELP\n", "1:7:", "expected a metric name" },
    { "# TYPE 1x counter\n", "1:8:", "metric name" },
    { "ok 1\n\nfoo 1\0 2\n", "3:6:", "NUL byte" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(FerryPromText) text = NULL;
      g_autofree gchar *escaped = NULL;
      gsize len = strlen (cases[i].text);

      /* The NUL case has text after the NUL. */
      if (strstr (cases[i].words, "NUL") != NULL)
        len = 15;

      text = ferry_prom_text_parse (cases[i].text, len, &error);
      escaped = g_strescape (cases[i].text, NULL);
      g_test_message ("input “%s” → %s", escaped, error ? error->message : "(no error)");
      g_assert_null (text);
      g_assert_error (error, FERRY_METRICS_ERROR, FERRY_METRICS_ERROR_PARSE);
      g_assert_true (g_str_has_prefix (error->message, cases[i].prefix));
      g_assert_nonnull (strstr (error->message, cases[i].words));
    }
}

/* Whatever the input, the parser either succeeds or fails with a located
 * error; it never crashes, hangs or warns (G_DEBUG=fatal-warnings). */
static void
test_fuzz (void)
{
  static const gchar alphabet[] = "{}=\",# \n\\\t+-.eEINa_:01\r\xff";
  GRand *rand = g_rand_new_with_seed (g_test_rand_int ());
  gsize base_len = strlen (valid_payload);
  guint ok = 0, failed = 0;

  for (guint round = 0; round < 3000; round++)
    {
      g_autoptr(GArray) bytes = g_array_new (FALSE, FALSE, 1);
      g_autoptr(GError) error = NULL;
      g_autoptr(FerryPromText) text = NULL;
      guint n_mutations = g_rand_int_range (rand, 1, 8);

      g_array_append_vals (bytes, valid_payload, base_len);
      for (guint m = 0; m < n_mutations && bytes->len > 0; m++)
        {
          guint at = g_rand_int_range (rand, 0, bytes->len);
          gchar ch = alphabet[g_rand_int_range (rand, 0, sizeof alphabet - 1)];

          switch (g_rand_int_range (rand, 0, 5))
            {
            case 0:
              bytes->data[at] = ch;
              break;

            case 1:
              g_array_insert_val (bytes, at, ch);
              break;

            case 2:
              g_array_remove_index (bytes, at);
              break;

            case 3:
              g_array_set_size (bytes, at);
              break;

            case 4:
            default:
              {
                guint len = g_rand_int_range (rand, 1, 40);
                guint from = g_rand_int_range (rand, 0, bytes->len);
                g_autofree gchar *chunk = NULL;

                len = MIN (len, bytes->len - from);
                chunk = g_memdup2 (bytes->data + from, len);
                g_array_insert_vals (bytes, at, chunk, len);
              }
              break;
            }
        }

      text = ferry_prom_text_parse (bytes->data, bytes->len, &error);
      if (text != NULL)
        {
          g_assert_no_error (error);
          ok++;
        }
      else
        {
          guint line = 0, col = 0;

          g_assert_error (error, FERRY_METRICS_ERROR, FERRY_METRICS_ERROR_PARSE);
          g_assert_cmpint (sscanf (error->message, "%u:%u: ", &line, &col), ==, 2);
          g_assert_cmpuint (line, >=, 1);
          g_assert_cmpuint (col, >=, 1);
          failed++;
        }
    }

  g_test_message ("%u parsed, %u refused", ok, failed);
  g_assert_cmpuint (failed, >, 0);
  g_assert_cmpuint (ok, >, 0);
  g_rand_free (rand);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add_func ("/ferry/prom-text/valid", test_valid);
  g_test_add_func ("/ferry/prom-text/sum", test_sum);
  g_test_add_func ("/ferry/prom-text/empty", test_empty);
  g_test_add_func ("/ferry/prom-text/values", test_values);
  g_test_add_func ("/ferry/prom-text/errors", test_errors);
  g_test_add_func ("/ferry/prom-text/fuzz", test_fuzz);

  return g_test_run ();
}
