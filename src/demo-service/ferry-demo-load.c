/* ferry-demo-load.c
 *
 * Copyright 2026 The Ferry authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "ferry-demo-service"

#include "config.h"

#include <math.h>
#include <string.h>

#include "ferry-demo-load.h"

/* Artificial load, so that a version of a demo service can be made to use
 * more CPU or memory than the one before and the charts show it. */
struct _FerryDemoLoad
{
  GPtrArray *threads;
  guint8    *memory;
  gsize      memory_size;
  gint       stop;
  gdouble    share;
};

#define PERIOD_USEC (100 * 1000)
#define MAX_CORES 64

/* Keeps one core busy for @share of every 100 ms period. */
static gpointer
burn (gpointer data)
{
  FerryDemoLoad *load = data;
  volatile gdouble sink = 1.0;

  while (!g_atomic_int_get (&load->stop))
    {
      gint64 start = g_get_monotonic_time ();
      gint64 busy_until = start + (gint64)(load->share * PERIOD_USEC);
      gint64 now;

      while ((now = g_get_monotonic_time ()) < busy_until)
        for (guint i = 0; i < 1000; i++)
          sink = sink * 1.0000001 + 1e-9;

      if (load->share < 1.0)
        g_usleep (MAX (0, start + PERIOD_USEC - now));
    }

  return NULL;
}

/* Starts burning @cores (0.2 is a fifth of one core, 1.5 is one core and
 * a half) and holds @memory_mib MiB resident until stopped. */
FerryDemoLoad *
ferry_demo_load_start (gdouble   cores,
                       guint     memory_mib,
                       GError  **error)
{
  g_autoptr(FerryDemoLoad) load = g_new0 (FerryDemoLoad, 1);
  guint n_threads;

  load->threads = g_ptr_array_new ();

  if (!(cores >= 0.0) || cores > MAX_CORES)
    {
      g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                   "CPU load must be between 0 and %d cores", MAX_CORES);
      return NULL;
    }

  if (memory_mib > 0)
    {
      load->memory_size = (gsize)memory_mib * 1024 * 1024;
      load->memory = g_try_malloc (load->memory_size);
      if (load->memory == NULL)
        {
          g_set_error (error, G_IO_ERROR, G_IO_ERROR_NO_SPACE,
                       "Cannot allocate %u MiB", memory_mib);
          return NULL;
        }
      /* Writing every page makes it resident. */
      memset (load->memory, 0xa5, load->memory_size);
    }

  n_threads = (guint)ceil (cores);
  if (n_threads > 0)
    load->share = cores / n_threads;
  for (guint i = 0; i < n_threads; i++)
    g_ptr_array_add (load->threads, g_thread_new ("burn", burn, load));

  return g_steal_pointer (&load);
}

/* Stops the burners (within one period) and frees the memory. */
void
ferry_demo_load_stop (FerryDemoLoad *load)
{
  if (load == NULL)
    return;

  g_atomic_int_set (&load->stop, 1);
  for (guint i = 0; i < load->threads->len; i++)
    g_thread_join (g_ptr_array_index (load->threads, i));

  g_ptr_array_unref (load->threads);
  g_free (load->memory);
  g_free (load);
}
