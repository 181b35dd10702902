/* bench-proc-sampler.c
 *
 * Copyright 2026 The Ferry authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* Target: sampling 200 processes once a second costs less than 2 % of one
 * core. Starts 200 real child processes, samples all of them for a number
 * of rounds and reports the CPU time (user + system, this process) one
 * round costs, which at one round a second is the share of a core. */

#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#include "ferry-core.h"

#define N_CHILDREN 200
#define TARGET_PERCENT 2.0

static gdouble
cpu_seconds (void)
{
  struct timespec ts;

  clock_gettime (CLOCK_PROCESS_CPUTIME_ID, &ts);

  return ts.tv_sec + ts.tv_nsec / 1e9;
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(FerryProcSampler) sampler = ferry_proc_sampler_new ();
  g_autoptr(GPtrArray) children = g_ptr_array_new_with_free_func (g_object_unref);
  GPid pids[N_CHILDREN];
  guint rounds = argc > 1 ? (guint)atoi (argv[1]) : 50;
  gdouble start, spent, percent;
  guint failures = 0;

  if (rounds == 0)
    rounds = 50;

  for (guint i = 0; i < N_CHILDREN; i++)
    {
      g_autoptr(GError) error = NULL;
      GSubprocess *child = g_subprocess_new (G_SUBPROCESS_FLAGS_NONE, &error,
                                             "sleep", "600", NULL);

      if (child == NULL)
        {
          g_printerr ("Cannot start a child: %s\n", error->message);
          return 1;
        }
      pids[i] = (GPid)atoi (g_subprocess_get_identifier (child));
      g_ptr_array_add (children, child);
    }

  /* One round to warm caches and give every pid a previous sample. */
  for (guint i = 0; i < N_CHILDREN; i++)
    {
      FerryMetricSample sample;

      ferry_proc_sampler_sample (sampler, pids[i], &sample, NULL);
    }

  start = cpu_seconds ();
  for (guint r = 0; r < rounds; r++)
    {
      for (guint i = 0; i < N_CHILDREN; i++)
        {
          FerryMetricSample sample;

          if (!ferry_proc_sampler_sample (sampler, pids[i], &sample, NULL) ||
              !ferry_metric_sample_has (&sample, FERRY_METRIC_CPU) ||
              !ferry_metric_sample_has (&sample, FERRY_METRIC_MEMORY))
            failures++;
        }
    }
  spent = cpu_seconds () - start;

  for (guint i = 0; i < children->len; i++)
    {
      GSubprocess *child = g_ptr_array_index (children, i);

      g_subprocess_force_exit (child);
      g_subprocess_wait (child, NULL, NULL);
    }

  percent = spent / rounds * 100.0;
  printf ("proc sampler: %d processes x %u rounds, %.3f ms CPU per round "
          "= %.2f %% of one core at one round a second (target < %.1f %%)\n",
          N_CHILDREN, rounds, spent / rounds * 1000.0, percent, TARGET_PERCENT);

  if (failures > 0)
    {
      printf ("%u samples failed or lacked CPU or memory\n", failures);
      return 1;
    }

  return percent < TARGET_PERCENT ? 0 : 1;
}
