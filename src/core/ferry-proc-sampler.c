/* ferry-proc-sampler.c
 *
 * Copyright 2026 The Ferry authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "ferry-proc-sampler"

#include "config.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "ferry-proc-sampler.h"

/**
 * FerryProcSampler:
 *
 * Measures local processes from `/proc`: CPU from the user and system
 * time in `/proc/PID/stat` over wall time (in cores), resident memory and
 * threads from `/proc/PID/status`, storage reads and writes from
 * `/proc/PID/io` (absent, not an error, where it cannot be read) and open
 * files from the entries of `/proc/PID/fd`.
 *
 * Rates (CPU, reads, writes) are differences between two samples of the
 * same process, so the first sample of a process has none. The sampler
 * remembers the previous sample of each pid (and notices when a pid was
 * reused); ferry_proc_sampler_forget() drops that memory.
 *
 * Each sample reads a handful of small files with plain system calls and
 * fixed buffers, so sampling hundreds of processes a second stays cheap.
 * The sampler is thread-safe.
 */
struct _FerryProcSampler
{
  GObject     parent_instance;

  gchar      *root;
  GHashTable *previous;   /* pid → Previous */
  GMutex      mutex;
  gdouble     clock_ticks;
};

G_DEFINE_FINAL_TYPE (FerryProcSampler, ferry_proc_sampler, G_TYPE_OBJECT)

typedef struct
{
  guint64 start_time;
  guint64 cpu_ticks;
  gint64  monotonic;
  guint64 read_bytes;
  guint64 write_bytes;
  guint   has_io : 1;
} Previous;

/* The fields of /proc/PID/stat after "(comm) ", counted from "state". */
enum {
  STAT_STATE = 0,
  STAT_UTIME = 11,
  STAT_STIME = 12,
  STAT_NUM_THREADS = 17,
  STAT_START_TIME = 19,
  STAT_N_FIELDS = 20,
};

#define STAT_BUFFER 1024
#define STATUS_BUFFER 4096
#define IO_BUFFER 512

static void
ferry_proc_sampler_finalize (GObject *object)
{
  FerryProcSampler *self = (FerryProcSampler *)object;

  g_clear_pointer (&self->previous, g_hash_table_unref);
  g_clear_pointer (&self->root, g_free);
  g_mutex_clear (&self->mutex);

  G_OBJECT_CLASS (ferry_proc_sampler_parent_class)->finalize (object);
}

static void
ferry_proc_sampler_class_init (FerryProcSamplerClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = ferry_proc_sampler_finalize;
}

static void
ferry_proc_sampler_init (FerryProcSampler *self)
{
  long ticks = sysconf (_SC_CLK_TCK);

  g_mutex_init (&self->mutex);
  self->previous = g_hash_table_new_full (NULL, NULL, NULL, g_free);
  self->clock_ticks = ticks > 0 ? (gdouble)ticks : 100.0;
}

/**
 * ferry_proc_sampler_new:
 *
 * Returns: (transfer full): a sampler reading `/proc`
 */
FerryProcSampler *
ferry_proc_sampler_new (void)
{
  return ferry_proc_sampler_new_for_root ("/proc");
}

/**
 * ferry_proc_sampler_new_for_root:
 * @proc_root: the directory to read instead of `/proc`
 *
 * Returns: (transfer full): a sampler reading a procfs-like tree (tests
 *   use a fake one)
 */
FerryProcSampler *
ferry_proc_sampler_new_for_root (const gchar *proc_root)
{
  FerryProcSampler *self;

  g_return_val_if_fail (proc_root != NULL, NULL);

  self = g_object_new (FERRY_TYPE_PROC_SAMPLER, NULL);
  self->root = g_strdup (proc_root);

  return self;
}

/* Reads a small file whole into @buf (nul-terminated). Returns the length,
 * or -1 with errno set. */
static gssize
read_small_file (const gchar *path,
                 gchar       *buf,
                 gsize        size)
{
  gsize len = 0;
  int fd;

  fd = open (path, O_RDONLY | O_CLOEXEC | O_NOCTTY);
  if (fd < 0)
    return -1;

  while (len < size - 1)
    {
      gssize n = read (fd, buf + len, size - 1 - len);

      if (n < 0)
        {
          int saved = errno;

          if (saved == EINTR)
            continue;
          close (fd);
          errno = saved;
          return -1;
        }
      if (n == 0)
        break;
      len += n;
    }

  close (fd);
  buf[len] = '\0';

  return len;
}

static gboolean
parse_u64 (const gchar  *text,
           const gchar **end,
           guint64      *value)
{
  gchar *stop = NULL;

  while (*text == ' ' || *text == '\t')
    text++;
  if (!g_ascii_isdigit (*text))
    return FALSE;

  *value = g_ascii_strtoull (text, &stop, 10);
  if (end != NULL)
    *end = stop;

  return TRUE;
}

/* Finds "Key:" at a line start and parses the number after it. */
static gboolean
find_field (const gchar *text,
            const gchar *key,
            guint64     *value)
{
  gsize key_len = strlen (key);
  const gchar *p = text;

  while (p != NULL && *p != '\0')
    {
      if (strncmp (p, key, key_len) == 0)
        return parse_u64 (p + key_len, NULL, value);

      p = strchr (p, '\n');
      if (p != NULL)
        p++;
    }

  return FALSE;
}

static gboolean
parse_stat (const gchar *text,
            guint64      fields[STAT_N_FIELDS],
            gchar       *state)
{
  const gchar *p = strrchr (text, ')');

  /* The command name may hold spaces and parentheses: it ends at the last
   * ')'. */
  if (p == NULL || p[1] != ' ')
    return FALSE;
  p += 2;

  *state = *p;
  if (*p == '\0')
    return FALSE;
  p++;

  for (guint i = 1; i < STAT_N_FIELDS; i++)
    {
      gboolean negative = FALSE;
      const gchar *end;

      while (*p == ' ')
        p++;
      if (*p == '-')
        {
          negative = TRUE;
          p++;
        }
      if (!parse_u64 (p, &end, &fields[i]))
        return FALSE;
      if (negative)
        fields[i] = 0;
      p = end;
    }

  return TRUE;
}

static gint
count_fds (const gchar *path)
{
  DIR *dir = opendir (path);
  struct dirent *entry;
  gint n = 0;

  if (dir == NULL)
    return -1;

  while ((entry = readdir (dir)) != NULL)
    if (entry->d_name[0] != '.')
      n++;

  closedir (dir);

  return n;
}

/**
 * ferry_proc_sampler_sample:
 * @self: a #FerryProcSampler
 * @pid: a process id
 * @sample: (out caller-allocates): where to store the values
 * @error: return location for a #GError
 *
 * Measures @pid now. Fills %FERRY_METRIC_CPU (from the second sample of
 * the process on), %FERRY_METRIC_MEMORY, %FERRY_METRIC_THREADS,
 * %FERRY_METRIC_OPEN_FILES and, where `/proc/PID/io` can be read and from
 * the second sample on, %FERRY_METRIC_READ_BYTES and
 * %FERRY_METRIC_WRITE_BYTES; the network metrics stay absent.
 *
 * This reads files of procfs, which never block for long; it is meant
 * for a worker thread (see ferry_proc_sampler_sample_async()) but is
 * safe anywhere.
 *
 * Returns: %TRUE on success; %FALSE with %FERRY_METRICS_ERROR_NOT_FOUND
 *   when the process does not exist (or is a zombie)
 */
gboolean
ferry_proc_sampler_sample (FerryProcSampler   *self,
                           GPid                pid,
                           FerryMetricSample  *sample,
                           GError            **error)
{
  gchar path[256];
  gchar stat_buf[STAT_BUFFER];
  gchar status_buf[STATUS_BUFFER];
  gchar io_buf[IO_BUFFER];
  guint64 fields[STAT_N_FIELDS] = { 0 };
  guint64 value, read_bytes = 0, write_bytes = 0, cpu_ticks;
  gboolean has_io = FALSE;
  Previous *prev;
  gint64 monotonic;
  gchar state = '\0';
  gint fds;

  g_return_val_if_fail (FERRY_IS_PROC_SAMPLER (self), FALSE);
  g_return_val_if_fail (sample != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  ferry_metric_sample_init (sample, g_get_real_time ());

  if (pid <= 0)
    {
      g_set_error (error, FERRY_METRICS_ERROR, FERRY_METRICS_ERROR_INVALID_LOCATOR,
                   "%d is not a process id", (gint)pid);
      return FALSE;
    }

  g_snprintf (path, sizeof path, "%s/%d/stat", self->root, (gint)pid);
  if (read_small_file (path, stat_buf, sizeof stat_buf) < 0)
    {
      int saved = errno;

      if (saved == ENOENT || saved == ESRCH)
        g_set_error (error, FERRY_METRICS_ERROR, FERRY_METRICS_ERROR_NOT_FOUND,
                     "No process with id %d", (gint)pid);
      else
        g_set_error (error, FERRY_METRICS_ERROR, FERRY_METRICS_ERROR_FAILED,
                     "Cannot read %s: %s", path, g_strerror (saved));
      return FALSE;
    }
  monotonic = g_get_monotonic_time ();

  if (!parse_stat (stat_buf, fields, &state))
    {
      g_set_error (error, FERRY_METRICS_ERROR, FERRY_METRICS_ERROR_PARSE,
                   "Cannot make sense of %s", path);
      return FALSE;
    }
  if (state == 'Z' || state == 'X')
    {
      g_set_error (error, FERRY_METRICS_ERROR, FERRY_METRICS_ERROR_NOT_FOUND,
                   "Process %d has exited", (gint)pid);
      return FALSE;
    }

  cpu_ticks = fields[STAT_UTIME] + fields[STAT_STIME];
  sample->values[FERRY_METRIC_THREADS] = (gdouble)fields[STAT_NUM_THREADS];

  g_snprintf (path, sizeof path, "%s/%d/status", self->root, (gint)pid);
  if (read_small_file (path, status_buf, sizeof status_buf) >= 0)
    {
      if (find_field (status_buf, "VmRSS:", &value))
        sample->values[FERRY_METRIC_MEMORY] = (gdouble)value * 1024.0;
      else
        sample->values[FERRY_METRIC_MEMORY] = 0.0;  /* kernel threads */
      if (find_field (status_buf, "Threads:", &value))
        sample->values[FERRY_METRIC_THREADS] = (gdouble)value;
    }

  g_snprintf (path, sizeof path, "%s/%d/io", self->root, (gint)pid);
  if (read_small_file (path, io_buf, sizeof io_buf) >= 0 &&
      find_field (io_buf, "read_bytes:", &read_bytes) &&
      find_field (io_buf, "write_bytes:", &write_bytes))
    has_io = TRUE;

  g_snprintf (path, sizeof path, "%s/%d/fd", self->root, (gint)pid);
  if ((fds = count_fds (path)) >= 0)
    sample->values[FERRY_METRIC_OPEN_FILES] = fds;

  g_mutex_lock (&self->mutex);

  prev = g_hash_table_lookup (self->previous, GINT_TO_POINTER (pid));
  if (prev != NULL && prev->start_time == fields[STAT_START_TIME] && monotonic > prev->monotonic)
    {
      gdouble seconds = (monotonic - prev->monotonic) / (gdouble)G_USEC_PER_SEC;

      if (cpu_ticks >= prev->cpu_ticks)
        sample->values[FERRY_METRIC_CPU] = (cpu_ticks - prev->cpu_ticks) / self->clock_ticks / seconds;
      if (has_io && prev->has_io && read_bytes >= prev->read_bytes && write_bytes >= prev->write_bytes)
        {
          sample->values[FERRY_METRIC_READ_BYTES] = (read_bytes - prev->read_bytes) / seconds;
          sample->values[FERRY_METRIC_WRITE_BYTES] = (write_bytes - prev->write_bytes) / seconds;
        }
    }

  if (prev == NULL)
    {
      prev = g_new0 (Previous, 1);
      g_hash_table_insert (self->previous, GINT_TO_POINTER (pid), prev);
    }
  prev->start_time = fields[STAT_START_TIME];
  prev->cpu_ticks = cpu_ticks;
  prev->monotonic = monotonic;
  prev->read_bytes = read_bytes;
  prev->write_bytes = write_bytes;
  prev->has_io = has_io;

  g_mutex_unlock (&self->mutex);

  return TRUE;
}

/**
 * ferry_proc_sampler_forget:
 * @self: a #FerryProcSampler
 * @pid: a process id
 *
 * Drops what the sampler remembers of @pid (call it when the process
 * exits, so the memory of the sampler stays bounded).
 */
void
ferry_proc_sampler_forget (FerryProcSampler *self,
                           GPid              pid)
{
  g_return_if_fail (FERRY_IS_PROC_SAMPLER (self));

  g_mutex_lock (&self->mutex);
  g_hash_table_remove (self->previous, GINT_TO_POINTER (pid));
  g_mutex_unlock (&self->mutex);
}

static void
sample_thread (GTask        *task,
               gpointer      source_object,
               gpointer      task_data,
               GCancellable *cancellable)
{
  FerryProcSampler *self = source_object;
  GArray *pids = task_data;
  g_autoptr(GArray) samples = g_array_sized_new (FALSE, FALSE, sizeof (FerryMetricSample), pids->len);

  g_array_set_size (samples, pids->len);
  for (guint i = 0; i < pids->len; i++)
    {
      FerryMetricSample *sample = &g_array_index (samples, FerryMetricSample, i);
      GPid pid = g_array_index (pids, GPid, i);

      if (g_task_return_error_if_cancelled (task))
        return;

      if (!ferry_proc_sampler_sample (self, pid, sample, NULL))
        ferry_metric_sample_init (sample, g_get_real_time ());
    }

  g_task_return_pointer (task, g_steal_pointer (&samples), (GDestroyNotify)g_array_unref);
}

/**
 * ferry_proc_sampler_sample_async:
 * @self: a #FerryProcSampler
 * @pids: (array length=n_pids): the processes to measure
 * @n_pids: the number of processes
 * @cancellable: (nullable): a #GCancellable
 * @callback: called when done
 * @user_data: data for @callback
 *
 * Measures several processes in a worker thread, as one round of the
 * engine's sampling.
 */
void
ferry_proc_sampler_sample_async (FerryProcSampler    *self,
                                 const GPid          *pids,
                                 guint                n_pids,
                                 GCancellable        *cancellable,
                                 GAsyncReadyCallback  callback,
                                 gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  GArray *copy;

  g_return_if_fail (FERRY_IS_PROC_SAMPLER (self));
  g_return_if_fail (pids != NULL || n_pids == 0);
  g_return_if_fail (!cancellable || G_IS_CANCELLABLE (cancellable));

  copy = g_array_sized_new (FALSE, FALSE, sizeof (GPid), n_pids);
  g_array_append_vals (copy, pids, n_pids);

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, ferry_proc_sampler_sample_async);
  g_task_set_task_data (task, copy, (GDestroyNotify)g_array_unref);
  g_task_run_in_thread (task, sample_thread);
}

/**
 * ferry_proc_sampler_sample_finish:
 * @self: a #FerryProcSampler
 * @result: the #GAsyncResult
 * @error: return location for a #GError
 *
 * Returns: (transfer full) (element-type FerryMetricSample): one sample per
 *   pid, in the order given; a process that does not exist has every value
 *   absent (NaN). %NULL with @error set only when cancelled.
 */
GArray *
ferry_proc_sampler_sample_finish (FerryProcSampler  *self,
                                  GAsyncResult      *result,
                                  GError           **error)
{
  g_return_val_if_fail (FERRY_IS_PROC_SAMPLER (self), NULL);
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == ferry_proc_sampler_sample_async, NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}
