/* test-proc-sampler.c
 *
 * Copyright 2026 The Ferry authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <math.h>
#include <stdlib.h>
#include <unistd.h>

#include "ferry-core.h"

static void
test_self (void)
{
  g_autoptr(FerryProcSampler) sampler = ferry_proc_sampler_new ();
  g_autoptr(GError) error = NULL;
  FerryMetricSample first, second;
  volatile gdouble x = 1.0;
  gint64 before = g_get_real_time ();

  g_assert_true (ferry_proc_sampler_sample (sampler, getpid (), &first, &error));
  g_assert_no_error (error);
  g_assert_cmpint (first.time, >=, before);
  g_assert_cmpfloat (first.values[FERRY_METRIC_MEMORY], >, 1024 * 1024);
  g_assert_cmpfloat (first.values[FERRY_METRIC_THREADS], >=, 1);
  g_assert_cmpfloat (first.values[FERRY_METRIC_OPEN_FILES], >=, 3);
  /* Rates need two samples; network is not /proc's business. */
  g_assert_false (ferry_metric_sample_has (&first, FERRY_METRIC_CPU));
  g_assert_false (ferry_metric_sample_has (&first, FERRY_METRIC_READ_BYTES));
  g_assert_false (ferry_metric_sample_has (&first, FERRY_METRIC_NET_RX));

  for (guint i = 0; i < 2000000; i++)
    x = x * 1.0000001 + 1e-9;

  g_assert_true (ferry_proc_sampler_sample (sampler, getpid (), &second, &error));
  g_assert_no_error (error);
  g_assert_true (ferry_metric_sample_has (&second, FERRY_METRIC_CPU));
  g_assert_cmpfloat (second.values[FERRY_METRIC_CPU], >=, 0.0);
  g_assert_cmpfloat (second.values[FERRY_METRIC_CPU], <, 64.0);
  /* /proc/self/io is always readable by the process itself. */
  g_assert_true (ferry_metric_sample_has (&second, FERRY_METRIC_READ_BYTES));
  g_assert_cmpfloat (second.values[FERRY_METRIC_WRITE_BYTES], >=, 0.0);
}

static void
test_child (void)
{
  g_autoptr(FerryProcSampler) sampler = ferry_proc_sampler_new ();
  g_autoptr(GSubprocess) child = NULL;
  g_autoptr(GError) error = NULL;
  FerryMetricSample sample;
  GPid pid;

  child = g_subprocess_new (G_SUBPROCESS_FLAGS_NONE, &error, "sleep", "60", NULL);
  g_assert_no_error (error);
  pid = atoi (g_subprocess_get_identifier (child));

  g_assert_true (ferry_proc_sampler_sample (sampler, pid, &sample, &error));
  g_assert_no_error (error);
  g_assert_cmpfloat (sample.values[FERRY_METRIC_MEMORY], >, 0);
  g_assert_cmpfloat (sample.values[FERRY_METRIC_THREADS], ==, 1);

  g_subprocess_force_exit (child);
  g_assert_true (g_subprocess_wait (child, NULL, &error));
  g_assert_no_error (error);

  g_assert_false (ferry_proc_sampler_sample (sampler, pid, &sample, &error));
  g_assert_error (error, FERRY_METRICS_ERROR, FERRY_METRICS_ERROR_NOT_FOUND);
  g_assert_false (ferry_metric_sample_has (&sample, FERRY_METRIC_MEMORY));
  ferry_proc_sampler_forget (sampler, pid);
  g_clear_error (&error);

  g_assert_false (ferry_proc_sampler_sample (sampler, 0, &sample, &error));
  g_assert_error (error, FERRY_METRICS_ERROR, FERRY_METRICS_ERROR_INVALID_LOCATOR);
}

static void
write_file (const gchar *dir,
            const gchar *name,
            const gchar *contents)
{
  g_autofree gchar *path = g_build_filename (dir, name, NULL);
  g_autoptr(GError) error = NULL;

  g_file_set_contents (path, contents, -1, &error);
  g_assert_no_error (error);
}

static gchar *
make_stat (const gchar *state,
           guint        utime,
           guint        start_time)
{
  /* pid (comm) state ppid pgrp session tty tpgid flags minflt cminflt
   * majflt cmajflt utime stime cutime cstime priority nice num_threads
   * itrealvalue starttime vsize rss … */
  return g_strdup_printf ("4242 (my (odd) proc) %s 1 4242 4242 0 -1 4194304 "
                          "100 0 0 0 %u 10 0 0 20 0 3 0 %u 1000000 500 "
                          "18446744073709551615 1 1 0 0 0 0 0 0 0 0 0 0 17 0 0 0 0 0 0\n",
                          state, utime, start_time);
}

static void
test_fake_root (void)
{
  /* In the test's isolated directories, removed after the test. */
  g_autofree gchar *root = g_build_filename (g_get_user_cache_dir (), "proc", NULL);
  g_autofree gchar *dir = g_build_filename (root, "4242", NULL);
  g_autofree gchar *fd_dir = g_build_filename (dir, "fd", NULL);
  g_autoptr(FerryProcSampler) sampler = ferry_proc_sampler_new_for_root (root);
  g_autoptr(GError) error = NULL;
  g_autofree gchar *stat = NULL;
  FerryMetricSample sample;

  g_assert_cmpint (g_mkdir_with_parents (fd_dir, 0700), ==, 0);
  for (guint i = 0; i < 3; i++)
    {
      g_autofree gchar *name = g_strdup_printf ("%u", i);

      write_file (fd_dir, name, "");
    }
  stat = make_stat ("S", 100, 5000);
  write_file (dir, "stat", stat);
  write_file (dir, "status",
              "Name:\tmy (odd) proc\nState:\tS (sleeping)\nVmPeak:\t  9999 kB\n"
              "VmRSS:\t    2048 kB\nThreads:\t7\n");
  /* No io file: reads and writes are absent, not an error. */

  g_assert_true (ferry_proc_sampler_sample (sampler, 4242, &sample, &error));
  g_assert_no_error (error);
  g_assert_cmpfloat (sample.values[FERRY_METRIC_MEMORY], ==, 2048.0 * 1024);
  g_assert_cmpfloat (sample.values[FERRY_METRIC_THREADS], ==, 7);
  g_assert_cmpfloat (sample.values[FERRY_METRIC_OPEN_FILES], ==, 3);
  g_assert_false (ferry_metric_sample_has (&sample, FERRY_METRIC_CPU));
  g_assert_false (ferry_metric_sample_has (&sample, FERRY_METRIC_READ_BYTES));

  /* More CPU time: a positive rate. */
  g_clear_pointer (&stat, g_free);
  stat = make_stat ("R", 100 + 50, 5000);
  write_file (dir, "stat", stat);
  write_file (dir, "io", "rchar: 10\nwchar: 20\nsyscr: 1\nsyscw: 1\nread_bytes: 4096\nwrite_bytes: 8192\n");
  g_usleep (1000);
  g_assert_true (ferry_proc_sampler_sample (sampler, 4242, &sample, &error));
  g_assert_no_error (error);
  g_assert_true (ferry_metric_sample_has (&sample, FERRY_METRIC_CPU));
  g_assert_cmpfloat (sample.values[FERRY_METRIC_CPU], >, 0.0);
  /* The previous sample had no io: still no rate. */
  g_assert_false (ferry_metric_sample_has (&sample, FERRY_METRIC_READ_BYTES));

  write_file (dir, "io", "read_bytes: 5096\nwrite_bytes: 8192\n");
  g_usleep (1000);
  g_assert_true (ferry_proc_sampler_sample (sampler, 4242, &sample, &error));
  g_assert_cmpfloat (sample.values[FERRY_METRIC_READ_BYTES], >, 0.0);
  g_assert_cmpfloat (sample.values[FERRY_METRIC_WRITE_BYTES], ==, 0.0);
  g_assert_cmpfloat (sample.values[FERRY_METRIC_CPU], ==, 0.0);

  /* The pid was reused (another start time): no rate across processes. */
  g_clear_pointer (&stat, g_free);
  stat = make_stat ("S", 900, 7777);
  write_file (dir, "stat", stat);
  g_assert_true (ferry_proc_sampler_sample (sampler, 4242, &sample, &error));
  g_assert_false (ferry_metric_sample_has (&sample, FERRY_METRIC_CPU));

  /* A zombie has exited. */
  g_clear_pointer (&stat, g_free);
  stat = make_stat ("Z", 900, 7777);
  write_file (dir, "stat", stat);
  g_assert_false (ferry_proc_sampler_sample (sampler, 4242, &sample, &error));
  g_assert_error (error, FERRY_METRICS_ERROR, FERRY_METRICS_ERROR_NOT_FOUND);
  g_clear_error (&error);

  /* Garbage is an error, not a crash. */
  write_file (dir, "stat", "4242 no parentheses here\n");
  g_assert_false (ferry_proc_sampler_sample (sampler, 4242, &sample, &error));
  g_assert_error (error, FERRY_METRICS_ERROR, FERRY_METRICS_ERROR_PARSE);
  g_clear_error (&error);
  write_file (dir, "stat", "4242 (x) S 1 2\n");
  g_assert_false (ferry_proc_sampler_sample (sampler, 4242, &sample, &error));
  g_assert_error (error, FERRY_METRICS_ERROR, FERRY_METRICS_ERROR_PARSE);
}

static void
on_sampled (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  GAsyncResult **out = user_data;

  *out = g_object_ref (result);
}

static void
test_async (void)
{
  g_autoptr(FerryProcSampler) sampler = ferry_proc_sampler_new ();
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GArray) samples = NULL;
  g_autoptr(GError) error = NULL;
  GPid pids[2] = { getpid (), G_MAXINT32 };

  ferry_proc_sampler_sample_async (sampler, pids, 2, NULL, on_sampled, &result);
  while (result == NULL)
    g_main_context_iteration (NULL, TRUE);

  samples = ferry_proc_sampler_sample_finish (sampler, result, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (samples->len, ==, 2);
  g_assert_true (ferry_metric_sample_has (&g_array_index (samples, FerryMetricSample, 0), FERRY_METRIC_MEMORY));
  g_assert_false (ferry_metric_sample_has (&g_array_index (samples, FerryMetricSample, 1), FERRY_METRIC_MEMORY));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add_func ("/ferry/proc-sampler/self", test_self);
  g_test_add_func ("/ferry/proc-sampler/child", test_child);
  g_test_add_func ("/ferry/proc-sampler/fake-root", test_fake_root);
  g_test_add_func ("/ferry/proc-sampler/async", test_async);

  return g_test_run ();
}
