/* ferry-diagnostic.c
 *
 * Copyright 2026 The Ferry authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "ferry-diagnostic"

#include "config.h"

#include "ferry-diagnostic.h"

G_DEFINE_BOXED_TYPE (FerryDiagnostic, ferry_diagnostic, ferry_diagnostic_copy, ferry_diagnostic_free)

struct _FerryDiagnostics
{
  GPtrArray *items;
  guint      n_errors;
  guint      dropped;
};

/**
 * ferry_diagnostic_new:
 * @severity: error or warning
 * @file: the file the problem is in
 * @line: its line, 1-based (0 when unknown)
 * @column: its column in characters, 1-based (0 when unknown)
 * @path: (nullable): the JSON path of the value concerned
 * @message: what is wrong and what to do
 *
 * Returns: (transfer full): a new diagnostic
 */
FerryDiagnostic *
ferry_diagnostic_new (FerrySeverity  severity,
                      const gchar   *file,
                      guint          line,
                      guint          column,
                      const gchar   *path,
                      const gchar   *message)
{
  FerryDiagnostic *self = g_new0 (FerryDiagnostic, 1);

  self->severity = severity;
  self->file = g_strdup (file);
  self->line = line;
  self->column = column;
  self->path = g_strdup (path);
  self->message = g_strdup (message);

  return self;
}

FerryDiagnostic *
ferry_diagnostic_copy (const FerryDiagnostic *self)
{
  FerryDiagnostic *copy;

  g_return_val_if_fail (self != NULL, NULL);

  copy = ferry_diagnostic_new (self->severity, self->file, self->line, self->column,
                               self->path, self->message);
  copy->service = g_strdup (self->service);

  return copy;
}

void
ferry_diagnostic_free (FerryDiagnostic *self)
{
  if (self == NULL)
    return;

  g_free (self->file);
  g_free (self->path);
  g_free (self->message);
  g_free (self->service);
  g_free (self);
}

/**
 * ferry_diagnostic_format:
 * @self: a #FerryDiagnostic
 *
 * Formats @self GCC style, so that editors and terminals make it
 * clickable: `FILE:LINE:COL: error: PATH: MESSAGE`.
 *
 * Returns: (transfer full): the line, without a newline
 */
gchar *
ferry_diagnostic_format (const FerryDiagnostic *self)
{
  GString *str;

  g_return_val_if_fail (self != NULL, NULL);

  str = g_string_new (self->file ? self->file : "ferry.json");
  if (self->line > 0)
    {
      g_string_append_printf (str, ":%u", self->line);
      if (self->column > 0)
        g_string_append_printf (str, ":%u", self->column);
    }
  g_string_append (str, self->severity == FERRY_SEVERITY_ERROR ? ": error: " : ": warning: ");
  if (self->path != NULL && self->path[0] != '\0')
    g_string_append_printf (str, "%s: ", self->path);
  g_string_append (str, self->message);

  return g_string_free (str, FALSE);
}

FerryDiagnostics *
ferry_diagnostics_new (void)
{
  FerryDiagnostics *self = g_new0 (FerryDiagnostics, 1);

  self->items = g_ptr_array_new_with_free_func ((GDestroyNotify)ferry_diagnostic_free);

  return self;
}

void
ferry_diagnostics_free (FerryDiagnostics *self)
{
  if (self == NULL)
    return;

  g_ptr_array_unref (self->items);
  g_free (self);
}

/**
 * ferry_diagnostics_add:
 * @self: a #FerryDiagnostics
 * @diagnostic: (transfer full): a problem
 *
 * Adds @diagnostic unless %FERRY_DIAGNOSTICS_MAX are already there, in
 * which case it is counted as dropped.
 *
 * Returns: %TRUE while there is room for more
 */
gboolean
ferry_diagnostics_add (FerryDiagnostics *self,
                       FerryDiagnostic  *diagnostic)
{
  g_return_val_if_fail (self != NULL, FALSE);
  g_return_val_if_fail (diagnostic != NULL, FALSE);

  if (diagnostic->severity == FERRY_SEVERITY_ERROR)
    self->n_errors++;

  if (self->items->len >= FERRY_DIAGNOSTICS_MAX)
    {
      self->dropped++;
      ferry_diagnostic_free (diagnostic);
      return FALSE;
    }

  g_ptr_array_add (self->items, diagnostic);

  return self->items->len < FERRY_DIAGNOSTICS_MAX;
}

guint
ferry_diagnostics_get_count (FerryDiagnostics *self)
{
  g_return_val_if_fail (self != NULL, 0);

  return self->items->len;
}

const FerryDiagnostic *
ferry_diagnostics_get (FerryDiagnostics *self,
                       guint             index)
{
  g_return_val_if_fail (self != NULL, NULL);
  g_return_val_if_fail (index < self->items->len, NULL);

  return g_ptr_array_index (self->items, index);
}

/**
 * ferry_diagnostics_count_errors:
 * @self: a #FerryDiagnostics
 *
 * Returns: the number of errors found, including those dropped past the cap
 */
guint
ferry_diagnostics_count_errors (FerryDiagnostics *self)
{
  g_return_val_if_fail (self != NULL, 0);

  return self->n_errors;
}

gboolean
ferry_diagnostics_is_full (FerryDiagnostics *self)
{
  g_return_val_if_fail (self != NULL, TRUE);

  return self->items->len >= FERRY_DIAGNOSTICS_MAX;
}

guint
ferry_diagnostics_get_dropped (FerryDiagnostics *self)
{
  g_return_val_if_fail (self != NULL, 0);

  return self->dropped;
}

static gint
compare_diagnostics (gconstpointer a,
                     gconstpointer b)
{
  const FerryDiagnostic *da = *(const FerryDiagnostic * const *)a;
  const FerryDiagnostic *db = *(const FerryDiagnostic * const *)b;
  gint ret;

  if ((ret = g_strcmp0 (da->file, db->file)))
    return ret;
  if (da->line != db->line)
    return da->line < db->line ? -1 : 1;
  if (da->column != db->column)
    return da->column < db->column ? -1 : 1;
  return 0;
}

/**
 * ferry_diagnostics_sort:
 * @self: a #FerryDiagnostics
 *
 * Orders the problems by file, line and column (stable).
 */
void
ferry_diagnostics_sort (FerryDiagnostics *self)
{
  g_return_if_fail (self != NULL);

  /* g_ptr_array_sort is a stable merge sort. */
  g_ptr_array_sort (self->items, compare_diagnostics);
}

/**
 * ferry_diagnostics_format:
 * @self: a #FerryDiagnostics
 *
 * Returns: (transfer full): every diagnostic on its own line, then a
 *   note of those dropped past the cap
 */
gchar *
ferry_diagnostics_format (FerryDiagnostics *self)
{
  GString *str = g_string_new (NULL);

  g_return_val_if_fail (self != NULL, NULL);

  for (guint i = 0; i < self->items->len; i++)
    {
      g_autofree gchar *line = ferry_diagnostic_format (g_ptr_array_index (self->items, i));
      g_string_append (str, line);
      g_string_append_c (str, '\n');
    }

  if (self->dropped > 0)
    g_string_append_printf (str, "note: %u more problems not shown (the first %u are)\n",
                            self->dropped, FERRY_DIAGNOSTICS_MAX);

  return g_string_free (str, FALSE);
}
