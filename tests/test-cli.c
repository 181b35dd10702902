/* test-cli.c
 *
 * Copyright 2026 The Ferry authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <gio/gio.h>

#include "ferry-core.h"

typedef struct
{
  gint   status;
  gchar *out;
  gchar *err;
} Run;

static void
run_clear (Run *run)
{
  g_clear_pointer (&run->out, g_free);
  g_clear_pointer (&run->err, g_free);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Run, run_clear)

/* Runs ferryctl with the given arguments (NULL-terminated) and collects
 * its exit status and output. */
static void
run_ferryctl (Run         *run,
              const gchar *first_arg,
              ...)
{
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autoptr(GSubprocess) proc = NULL;
  g_autoptr(GError) error = NULL;
  const gchar *ferryctl = g_getenv ("FERRYCTL");
  va_list args;

  g_assert_nonnull (ferryctl);
  g_ptr_array_add (argv, (gpointer)ferryctl);

  va_start (args, first_arg);
  for (const gchar *arg = first_arg; arg != NULL; arg = va_arg (args, const gchar *))
    g_ptr_array_add (argv, (gpointer)arg);
  va_end (args);
  g_ptr_array_add (argv, NULL);

  proc = g_subprocess_newv ((const gchar * const *)argv->pdata,
                            G_SUBPROCESS_FLAGS_STDOUT_PIPE | G_SUBPROCESS_FLAGS_STDERR_PIPE,
                            &error);
  g_assert_no_error (error);
  g_subprocess_communicate_utf8 (proc, NULL, NULL, &run->out, &run->err, &error);
  g_assert_no_error (error);
  g_assert_true (g_subprocess_get_if_exited (proc));
  run->status = g_subprocess_get_exit_status (proc);
}

static void
test_no_arguments (void)
{
  g_auto(Run) run = { 0 };

  run_ferryctl (&run, NULL);
  g_assert_cmpint (run.status, ==, 2);
  g_assert_nonnull (strstr (run.err, "Usage:"));
  g_assert_cmpstr (run.out, ==, "");
}

static void
test_unknown_command (void)
{
  g_auto(Run) run = { 0 };

  run_ferryctl (&run, "frobnicate", NULL);
  g_assert_cmpint (run.status, ==, 2);
  g_assert_nonnull (strstr (run.err, "Unknown command “frobnicate”"));
  g_assert_nonnull (strstr (run.err, "ferryctl --help"));
}

static void
test_unknown_option (void)
{
  g_auto(Run) run = { 0 };

  run_ferryctl (&run, "--frobnicate", NULL);
  g_assert_cmpint (run.status, ==, 2);
  g_assert_nonnull (strstr (run.err, "--frobnicate"));
  run_clear (&run);

  run_ferryctl (&run, "whoami", "--frobnicate", NULL);
  g_assert_cmpint (run.status, ==, 2);
  g_assert_nonnull (strstr (run.err, "ferryctl whoami: "));
  g_assert_nonnull (strstr (run.err, "--frobnicate"));
}

static void
test_unexpected_argument (void)
{
  g_auto(Run) run = { 0 };

  run_ferryctl (&run, "whoami", "extra", NULL);
  g_assert_cmpint (run.status, ==, 2);
  g_assert_nonnull (strstr (run.err, "Unexpected argument “extra”"));
}

static void
test_help (void)
{
  g_auto(Run) run = { 0 };

  run_ferryctl (&run, "--help", NULL);
  g_assert_cmpint (run.status, ==, 0);
  g_assert_nonnull (strstr (run.out, "whoami"));
  run_clear (&run);

  run_ferryctl (&run, "whoami", "--help", NULL);
  g_assert_cmpint (run.status, ==, 0);
  g_assert_nonnull (strstr (run.out, "ferryctl whoami"));
  g_assert_nonnull (strstr (run.out, "FERRY_USER"));
  run_clear (&run);

  run_ferryctl (&run, "help", "whoami", NULL);
  g_assert_cmpint (run.status, ==, 0);
  g_assert_nonnull (strstr (run.out, "ferryctl whoami"));
  run_clear (&run);

  run_ferryctl (&run, "help", "nope", NULL);
  g_assert_cmpint (run.status, ==, 2);
}

static void
test_version (void)
{
  g_auto(Run) run = { 0 };

  run_ferryctl (&run, "--version", NULL);
  g_assert_cmpint (run.status, ==, 0);
  g_assert_cmpstr (run.out, ==, "ferryctl " FERRY_VERSION_STRING "\n");
}

static void
test_whoami (void)
{
  g_auto(Run) run = { 0 };

  g_setenv ("FERRY_USER", "dee@acme.test", TRUE);
  run_ferryctl (&run, "whoami", NULL);
  g_unsetenv ("FERRY_USER");

  g_assert_cmpint (run.status, ==, 0);
  g_assert_cmpstr (run.out, ==, "dee@acme.test\n");
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add_func ("/ferry/cli/usage/no-arguments", test_no_arguments);
  g_test_add_func ("/ferry/cli/usage/unknown-command", test_unknown_command);
  g_test_add_func ("/ferry/cli/usage/unknown-option", test_unknown_option);
  g_test_add_func ("/ferry/cli/usage/unexpected-argument", test_unexpected_argument);
  g_test_add_func ("/ferry/cli/help", test_help);
  g_test_add_func ("/ferry/cli/version", test_version);
  g_test_add_func ("/ferry/cli/whoami", test_whoami);

  return g_test_run ();
}
