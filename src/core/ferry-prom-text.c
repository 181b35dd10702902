/* ferry-prom-text.c
 *
 * Copyright 2026 The Ferry authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "ferry-prom-text"

#include "config.h"

#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "ferry-metrics.h"
#include "ferry-prom-text.h"

/**
 * FerryPromText:
 *
 * A parsed Prometheus text exposition (format 0.0.4): the metric families
 * in the order they appear, each with its `# HELP`, `# TYPE` and samples.
 *
 * The parser accepts what Prometheus accepts: labels with `\\`, `\"` and
 * `\n` escapes (and a trailing comma), `NaN`, `+Inf`, `-Inf`, optional
 * millisecond timestamps, comments and blank lines, `\r\n` line ends.
 * Anything else is refused with a %FERRY_METRICS_ERROR_PARSE error whose
 * message starts with `LINE:COL:` (1-based, columns count bytes).
 */

struct _FerryPromSample
{
  gchar   *name;
  gchar  **labels;     /* name, value, name, value …, NULL */
  guint    n_labels;
  gboolean has_timestamp;
  gint64   timestamp;
  gdouble  value;
};

struct _FerryPromFamily
{
  gchar         *name;
  gchar         *help;
  GPtrArray     *samples;
  FerryPromType  type;
  guint          has_type : 1;
};

struct _FerryPromText
{
  gatomicrefcount  ref_count;
  GPtrArray       *families;
  GHashTable      *by_name;
};

G_DEFINE_BOXED_TYPE (FerryPromText, ferry_prom_text, ferry_prom_text_ref, ferry_prom_text_unref)

typedef struct
{
  const gchar  *line;
  gsize         len;
  gsize         pos;
  guint         lineno;
  GError      **error;
} Cursor;

#define MAX_NUMBER_LENGTH 128

static void
sample_free (gpointer data)
{
  FerryPromSample *sample = data;

  g_free (sample->name);
  g_strfreev (sample->labels);
  g_free (sample);
}

static void
family_free (gpointer data)
{
  FerryPromFamily *family = data;

  g_free (family->name);
  g_free (family->help);
  g_ptr_array_unref (family->samples);
  g_free (family);
}

G_GNUC_PRINTF (3, 4)
static gboolean
fail_at (Cursor      *c,
         gsize        at,
         const gchar *format,
         ...)
{
  g_autofree gchar *message = NULL;
  va_list args;

  va_start (args, format);
  message = g_strdup_vprintf (format, args);
  va_end (args);

  g_set_error (c->error, FERRY_METRICS_ERROR, FERRY_METRICS_ERROR_PARSE,
               "%u:%" G_GSIZE_FORMAT ": %s", c->lineno, at + 1, message);

  return FALSE;
}

static inline gboolean
at_end (Cursor *c)
{
  return c->pos >= c->len;
}

static inline gchar
peek (Cursor *c)
{
  return at_end (c) ? '\0' : c->line[c->pos];
}

static inline gboolean
is_blank (gchar ch)
{
  return ch == ' ' || ch == '\t';
}

static gsize
skip_blanks (Cursor *c)
{
  gsize start = c->pos;

  while (!at_end (c) && is_blank (c->line[c->pos]))
    c->pos++;

  return c->pos - start;
}

static inline gboolean
is_name_start (gchar ch,
               gboolean colon)
{
  return g_ascii_isalpha (ch) || ch == '_' || (colon && ch == ':');
}

static inline gboolean
is_name_char (gchar ch,
              gboolean colon)
{
  return g_ascii_isalnum (ch) || ch == '_' || (colon && ch == ':');
}

/* A metric name ([a-zA-Z_:][a-zA-Z0-9_:]*) or, without @colon, a label
 * name. */
static gchar *
read_name (Cursor      *c,
           gboolean     colon,
           const gchar *what)
{
  gsize start = c->pos;

  if (!is_name_start (peek (c), colon))
    {
      if (at_end (c))
        fail_at (c, c->pos, "expected a %s, found the end of the line", what);
      else
        fail_at (c, c->pos, "expected a %s, found “%c”", what, peek (c));
      return NULL;
    }

  while (!at_end (c) && is_name_char (c->line[c->pos], colon))
    c->pos++;

  return g_strndup (c->line + start, c->pos - start);
}

/* Reads a token up to the next blank or the end of the line. */
static gboolean
read_token (Cursor       *c,
            const gchar **token,
            gsize        *length)
{
  gsize start = c->pos;

  while (!at_end (c) && !is_blank (c->line[c->pos]))
    c->pos++;

  *token = c->line + start;
  *length = c->pos - start;

  return *length > 0;
}

static gboolean
ascii_equal_n (const gchar *text,
               gsize        length,
               const gchar *word)
{
  return strlen (word) == length && g_ascii_strncasecmp (text, word, length) == 0;
}

/**
 * ferry_prom_parse_value:
 * @text: a number as Prometheus writes it
 * @length: the length of @text, or -1 when it is nul-terminated
 * @value: (out): where to store the value
 *
 * Parses a sample value of the text format or of the HTTP API: a decimal
 * number with an optional exponent, `NaN`, `+Inf`, `-Inf` or `Inf` (case
 * does not matter for the words).
 *
 * Returns: %TRUE when @text is such a number and nothing else
 */
gboolean
ferry_prom_parse_value (const gchar *text,
                        gssize       length,
                        gdouble     *value)
{
  gchar buf[MAX_NUMBER_LENGTH + 1];
  const gchar *p, *end;
  gboolean digits = FALSE;
  gchar *parsed_end = NULL;
  gdouble sign = 1.0;

  g_return_val_if_fail (text != NULL, FALSE);
  g_return_val_if_fail (value != NULL, FALSE);

  if (length < 0)
    length = strlen (text);
  if (length == 0 || length > MAX_NUMBER_LENGTH)
    return FALSE;

  p = text;
  end = text + length;

  if (ascii_equal_n (p, length, "nan"))
    {
      *value = NAN;
      return TRUE;
    }

  if (*p == '+' || *p == '-')
    {
      sign = *p == '-' ? -1.0 : 1.0;
      p++;
    }

  if (ascii_equal_n (p, end - p, "inf") || ascii_equal_n (p, end - p, "infinity"))
    {
      *value = sign * INFINITY;
      return TRUE;
    }

  /* digits [. digits] | . digits, then [eE [+-] digits] */
  while (p < end && g_ascii_isdigit (*p))
    {
      p++;
      digits = TRUE;
    }
  if (p < end && *p == '.')
    {
      p++;
      while (p < end && g_ascii_isdigit (*p))
        {
          p++;
          digits = TRUE;
        }
    }
  if (!digits)
    return FALSE;
  if (p < end && (*p == 'e' || *p == 'E'))
    {
      gboolean exp_digits = FALSE;

      p++;
      if (p < end && (*p == '+' || *p == '-'))
        p++;
      while (p < end && g_ascii_isdigit (*p))
        {
          p++;
          exp_digits = TRUE;
        }
      if (!exp_digits)
        return FALSE;
    }
  if (p != end)
    return FALSE;

  memcpy (buf, text, length);
  buf[length] = '\0';
  errno = 0;
  *value = g_ascii_strtod (buf, &parsed_end);

  /* Overflow gives ±HUGE_VAL (infinite) and underflow a tiny value, as
   * Go's ParseFloat does; only a partial parse is an error. */
  return parsed_end == buf + length;
}

static gboolean
parse_timestamp (const gchar *text,
                 gsize        length,
                 gint64      *timestamp)
{
  gchar buf[32];
  gchar *end = NULL;
  gsize i = 0;

  if (length == 0 || length >= sizeof buf)
    return FALSE;
  if (text[0] == '-' || text[0] == '+')
    i = 1;
  if (i == length)
    return FALSE;
  for (; i < length; i++)
    if (!g_ascii_isdigit (text[i]))
      return FALSE;

  memcpy (buf, text, length);
  buf[length] = '\0';
  errno = 0;
  *timestamp = g_ascii_strtoll (buf, &end, 10);

  return errno == 0 && end == buf + length;
}

/* Reads a quoted label value, the cursor on the opening quote. */
static gchar *
read_label_value (Cursor *c)
{
  g_autoptr(GString) value = g_string_new (NULL);
  gsize start = c->pos;

  g_assert (peek (c) == '"');
  c->pos++;

  for (;;)
    {
      gchar ch;

      if (at_end (c))
        {
          fail_at (c, start, "label value is not closed by a quote");
          return NULL;
        }

      ch = c->line[c->pos];
      if (ch == '"')
        {
          c->pos++;
          break;
        }

      if (ch == '\\')
        {
          gchar next = c->pos + 1 < c->len ? c->line[c->pos + 1] : '\0';

          switch (next)
            {
            case '\\':
              g_string_append_c (value, '\\');
              break;

            case '"':
              g_string_append_c (value, '"');
              break;

            case 'n':
              g_string_append_c (value, '\n');
              break;

            default:
              return (fail_at (c, c->pos, "invalid escape sequence in a label value "
                               "(only \\\\, \\\" and \\n are allowed)"), NULL);
            }
          c->pos += 2;
          continue;
        }

      g_string_append_c (value, ch);
      c->pos++;
    }

  if (!g_utf8_validate_len (value->str, value->len, NULL))
    return (fail_at (c, start, "label value is not valid UTF-8"), NULL);

  return g_string_free (g_steal_pointer (&value), FALSE);
}

static gboolean
read_labels (Cursor    *c,
             GPtrArray *labels)
{
  g_assert (peek (c) == '{');
  c->pos++;

  for (;;)
    {
      g_autofree gchar *name = NULL;
      g_autofree gchar *value = NULL;
      gsize name_at;

      skip_blanks (c);
      if (peek (c) == '}')
        {
          c->pos++;
          return TRUE;
        }

      name_at = c->pos;
      if (!(name = read_name (c, FALSE, "label name")))
        return FALSE;

      for (guint i = 0; i < labels->len; i += 2)
        if (g_str_equal (g_ptr_array_index (labels, i), name))
          return fail_at (c, name_at, "duplicate label “%s”", name);

      skip_blanks (c);
      if (peek (c) != '=')
        return fail_at (c, c->pos, "expected “=” after label name “%s”", name);
      c->pos++;
      skip_blanks (c);
      if (peek (c) != '"')
        return fail_at (c, c->pos, "expected a quoted value for label “%s”", name);
      if (!(value = read_label_value (c)))
        return FALSE;

      g_ptr_array_add (labels, g_steal_pointer (&name));
      g_ptr_array_add (labels, g_steal_pointer (&value));

      skip_blanks (c);
      if (peek (c) == ',')
        {
          c->pos++;
          continue;
        }
      if (peek (c) == '}')
        {
          c->pos++;
          return TRUE;
        }
      if (at_end (c))
        return fail_at (c, c->pos, "label set is not closed by “}”");

      return fail_at (c, c->pos, "expected “,” or “}” after a label, found “%c”", peek (c));
    }
}

static FerryPromFamily *
family_new (const gchar *name)
{
  FerryPromFamily *family = g_new0 (FerryPromFamily, 1);

  family->name = g_strdup (name);
  family->samples = g_ptr_array_new_with_free_func (sample_free);

  return family;
}

static FerryPromFamily *
ensure_family (FerryPromText *self,
               const gchar   *name)
{
  FerryPromFamily *family = g_hash_table_lookup (self->by_name, name);

  if (family == NULL)
    {
      family = family_new (name);
      g_ptr_array_add (self->families, family);
      g_hash_table_insert (self->by_name, family->name, family);
    }

  return family;
}

/* The family a sample belongs to: its own name, or the histogram or
 * summary its suffix names. */
static FerryPromFamily *
family_for_sample (FerryPromText *self,
                   const gchar   *name)
{
  static const gchar *suffixes[] = { "_bucket", "_sum", "_count" };
  FerryPromFamily *family = g_hash_table_lookup (self->by_name, name);

  if (family != NULL && family->has_type)
    return family;

  for (guint i = 0; i < G_N_ELEMENTS (suffixes); i++)
    {
      if (g_str_has_suffix (name, suffixes[i]))
        {
          g_autofree gchar *base = g_strndup (name, strlen (name) - strlen (suffixes[i]));
          FerryPromFamily *parent = g_hash_table_lookup (self->by_name, base);

          if (parent != NULL &&
              (parent->type == FERRY_PROM_TYPE_HISTOGRAM ||
               (parent->type == FERRY_PROM_TYPE_SUMMARY && i > 0)))
            return parent;
        }
    }

  return ensure_family (self, name);
}

static gboolean
parse_sample (FerryPromText *self,
              Cursor        *c)
{
  g_autoptr(GPtrArray) labels = g_ptr_array_new_with_free_func (g_free);
  g_autofree gchar *name = NULL;
  FerryPromSample *sample;
  FerryPromFamily *family;
  const gchar *token;
  gsize token_len, token_at;
  gdouble value;
  gint64 timestamp = 0;
  gboolean has_timestamp = FALSE;
  gboolean had_braces = FALSE;
  gsize blanks;

  if (!(name = read_name (c, TRUE, "metric name")))
    return FALSE;

  blanks = skip_blanks (c);
  if (peek (c) == '{')
    {
      if (!read_labels (c, labels))
        return FALSE;
      had_braces = TRUE;
      blanks = skip_blanks (c);
    }

  if (!at_end (c) && blanks == 0 && !had_braces)
    return fail_at (c, c->pos, "invalid character “%c” in metric name", peek (c));

  token_at = c->pos;
  if (!read_token (c, &token, &token_len))
    return fail_at (c, token_at, "expected a value after “%s”", name);
  if (!ferry_prom_parse_value (token, token_len, &value))
    return fail_at (c, token_at, "“%.*s” is not a number",
                    (gint)MIN (token_len, 40), token);

  skip_blanks (c);
  if (!at_end (c))
    {
      token_at = c->pos;
      read_token (c, &token, &token_len);
      if (!parse_timestamp (token, token_len, &timestamp))
        return fail_at (c, token_at, "“%.*s” is not a timestamp (milliseconds)",
                        (gint)MIN (token_len, 40), token);
      has_timestamp = TRUE;

      skip_blanks (c);
      if (!at_end (c))
        return fail_at (c, c->pos, "unexpected text after the timestamp");
    }

  family = family_for_sample (self, name);

  sample = g_new0 (FerryPromSample, 1);
  sample->name = g_steal_pointer (&name);
  sample->n_labels = labels->len / 2;
  g_ptr_array_add (labels, NULL);
  sample->labels = (gchar **)g_ptr_array_steal (labels, NULL);
  sample->value = value;
  sample->timestamp = timestamp;
  sample->has_timestamp = has_timestamp;
  g_ptr_array_add (family->samples, sample);

  return TRUE;
}

static gchar *
unescape_help (Cursor      *c,
               const gchar *text,
               gsize        length)
{
  g_autoptr(GString) help = g_string_sized_new (length);

  for (gsize i = 0; i < length; i++)
    {
      if (text[i] != '\\')
        {
          g_string_append_c (help, text[i]);
          continue;
        }

      if (i + 1 < length && text[i + 1] == '\\')
        g_string_append_c (help, '\\');
      else if (i + 1 < length && text[i + 1] == 'n')
        g_string_append_c (help, '\n');
      else
        return (fail_at (c, (text - c->line) + i,
                         "invalid escape sequence in HELP text (only \\\\ and \\n are allowed)"), NULL);
      i++;
    }

  if (!g_utf8_validate_len (help->str, help->len, NULL))
    return (fail_at (c, text - c->line, "HELP text is not valid UTF-8"), NULL);

  return g_string_free (g_steal_pointer (&help), FALSE);
}

static gboolean
parse_type_name (const gchar   *text,
                 gsize          length,
                 FerryPromType *type)
{
  for (guint i = FERRY_PROM_TYPE_UNTYPED; i <= FERRY_PROM_TYPE_SUMMARY; i++)
    {
      const gchar *name = ferry_prom_type_to_string ((FerryPromType)i);

      if (strlen (name) == length && memcmp (name, text, length) == 0)
        {
          *type = (FerryPromType)i;
          return TRUE;
        }
    }

  return FALSE;
}

/* A line starting with '#': HELP, TYPE, or a comment. */
static gboolean
parse_comment (FerryPromText *self,
               Cursor        *c)
{
  g_autofree gchar *name = NULL;
  FerryPromFamily *family;
  const gchar *keyword;
  gsize keyword_len, rest_at;
  gboolean is_help;

  c->pos++;
  if (skip_blanks (c) == 0)
    return TRUE;

  read_token (c, &keyword, &keyword_len);
  if (keyword_len == 4 && memcmp (keyword, "HELP", 4) == 0)
    is_help = TRUE;
  else if (keyword_len == 4 && memcmp (keyword, "TYPE", 4) == 0)
    is_help = FALSE;
  else
    return TRUE;

  if (skip_blanks (c) == 0)
    return fail_at (c, c->pos, "expected a metric name after “%s”", is_help ? "HELP" : "TYPE");
  if (!(name = read_name (c, TRUE, "metric name")))
    return FALSE;
  if (!at_end (c) && !is_blank (peek (c)))
    return fail_at (c, c->pos, "invalid character “%c” in metric name", peek (c));

  family = ensure_family (self, name);

  if (is_help)
    {
      gchar *help;

      /* The text, which may be empty, follows the name after blanks. */
      skip_blanks (c);
      rest_at = c->pos;
      if (family->help != NULL)
        return fail_at (c, 0, "second HELP line for “%s”", name);
      if (!(help = unescape_help (c, c->line + rest_at, c->len - rest_at)))
        return FALSE;
      family->help = help;
    }
  else
    {
      const gchar *type_name;
      gsize type_len;

      skip_blanks (c);
      rest_at = c->pos;
      if (!read_token (c, &type_name, &type_len))
        return fail_at (c, rest_at, "expected a type after “TYPE %s”", name);
      if (family->has_type)
        return fail_at (c, 0, "second TYPE line for “%s”", name);
      if (family->samples->len > 0)
        return fail_at (c, 0, "TYPE line for “%s” after its samples", name);
      if (!parse_type_name (type_name, type_len, &family->type))
        return fail_at (c, rest_at,
                        "unknown type “%.*s” (counter, gauge, histogram, summary or untyped)",
                        (gint)MIN (type_len, 40), type_name);
      family->has_type = TRUE;
      skip_blanks (c);
      if (!at_end (c))
        return fail_at (c, c->pos, "unexpected text after the type");
    }

  return TRUE;
}

/**
 * ferry_prom_text_parse:
 * @text: the exposition text
 * @length: the length of @text in bytes, or -1 when it is nul-terminated
 * @error: return location for a #GError
 *
 * Parses a Prometheus text exposition, such as the body of a `/metrics`
 * answer.
 *
 * Returns: (transfer full): the parsed document, or %NULL with @error set
 *   (%FERRY_METRICS_ERROR_PARSE, located as `LINE:COL: message`)
 */
FerryPromText *
ferry_prom_text_parse (const gchar  *text,
                       gssize        length,
                       GError      **error)
{
  g_autoptr(FerryPromText) self = NULL;
  const gchar *p, *end;
  Cursor c = { 0 };

  g_return_val_if_fail (text != NULL || length == 0, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (length < 0)
    length = strlen (text);

  self = g_new0 (FerryPromText, 1);
  g_atomic_ref_count_init (&self->ref_count);
  self->families = g_ptr_array_new_with_free_func (family_free);
  self->by_name = g_hash_table_new (g_str_hash, g_str_equal);

  c.error = error;
  p = text;
  end = text + length;

  while (p < end)
    {
      const gchar *nl = memchr (p, '\n', end - p);
      const gchar *nul;
      gsize line_len = (nl != NULL ? nl : end) - p;

      c.line = p;
      c.len = line_len;
      c.pos = 0;
      c.lineno++;

      if ((nul = memchr (p, '\0', line_len)) != NULL)
        return (fail_at (&c, nul - p, "NUL byte in the text"), NULL);
      if (c.len > 0 && c.line[c.len - 1] == '\r')
        c.len--;

      skip_blanks (&c);
      if (at_end (&c))
        ;
      else if (peek (&c) == '#')
        {
          if (!parse_comment (self, &c))
            return NULL;
        }
      else if (!parse_sample (self, &c))
        return NULL;

      p = nl != NULL ? nl + 1 : end;
    }

  return g_steal_pointer (&self);
}

/**
 * ferry_prom_text_ref:
 * @self: a #FerryPromText
 *
 * Returns: (transfer full): @self
 */
FerryPromText *
ferry_prom_text_ref (FerryPromText *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  g_atomic_ref_count_inc (&self->ref_count);

  return self;
}

/**
 * ferry_prom_text_unref:
 * @self: (transfer full): a #FerryPromText
 */
void
ferry_prom_text_unref (FerryPromText *self)
{
  g_return_if_fail (self != NULL);

  if (!g_atomic_ref_count_dec (&self->ref_count))
    return;

  g_hash_table_unref (self->by_name);
  g_ptr_array_unref (self->families);
  g_free (self);
}

/**
 * ferry_prom_text_get_n_families:
 * @self: a #FerryPromText
 *
 * Returns: the number of metric families
 */
guint
ferry_prom_text_get_n_families (FerryPromText *self)
{
  g_return_val_if_fail (self != NULL, 0);

  return self->families->len;
}

/**
 * ferry_prom_text_get_family:
 * @self: a #FerryPromText
 * @index: a family index, in the order of the text
 *
 * Returns: (transfer none): the family
 */
FerryPromFamily *
ferry_prom_text_get_family (FerryPromText *self,
                            guint          index)
{
  g_return_val_if_fail (self != NULL, NULL);
  g_return_val_if_fail (index < self->families->len, NULL);

  return g_ptr_array_index (self->families, index);
}

/**
 * ferry_prom_text_lookup_family:
 * @self: a #FerryPromText
 * @name: a family name (for a histogram, without `_bucket`)
 *
 * Returns: (transfer none) (nullable): the family, or %NULL
 */
FerryPromFamily *
ferry_prom_text_lookup_family (FerryPromText *self,
                               const gchar   *name)
{
  g_return_val_if_fail (self != NULL, NULL);
  g_return_val_if_fail (name != NULL, NULL);

  return g_hash_table_lookup (self->by_name, name);
}

static gboolean
sample_matches (FerryPromSample     *sample,
                const gchar * const *matchers)
{
  if (matchers == NULL)
    return TRUE;

  for (guint i = 0; matchers[i] != NULL && matchers[i + 1] != NULL; i += 2)
    if (g_strcmp0 (ferry_prom_sample_get_label (sample, matchers[i]), matchers[i + 1]) != 0)
      return FALSE;

  return TRUE;
}

/**
 * ferry_prom_text_sum:
 * @self: a #FerryPromText
 * @sample_name: the name of the samples to add up, such as
 *   `http_requests_total`
 * @matchers: (nullable) (array zero-terminated=1): label name and value
 *   pairs a sample must carry, or %NULL for all samples of that name
 * @sum: (out): the sum of the matching samples
 *
 * Adds up the samples of one name whose labels match, the way a counter
 * split by labels is read as one number.
 *
 * Returns: %TRUE when at least one sample matched
 */
gboolean
ferry_prom_text_sum (FerryPromText       *self,
                     const gchar         *sample_name,
                     const gchar * const *matchers,
                     gdouble             *sum)
{
  gboolean found = FALSE;
  gdouble total = 0.0;

  g_return_val_if_fail (self != NULL, FALSE);
  g_return_val_if_fail (sample_name != NULL, FALSE);
  g_return_val_if_fail (sum != NULL, FALSE);

  for (guint f = 0; f < self->families->len; f++)
    {
      FerryPromFamily *family = g_ptr_array_index (self->families, f);

      if (!g_str_has_prefix (sample_name, family->name))
        continue;

      for (guint i = 0; i < family->samples->len; i++)
        {
          FerryPromSample *sample = g_ptr_array_index (family->samples, i);

          if (g_str_equal (sample->name, sample_name) && sample_matches (sample, matchers))
            {
              total += sample->value;
              found = TRUE;
            }
        }
    }

  *sum = total;

  return found;
}

/**
 * ferry_prom_family_get_name:
 * @family: a #FerryPromFamily
 *
 * Returns: the family's name
 */
const gchar *
ferry_prom_family_get_name (FerryPromFamily *family)
{
  g_return_val_if_fail (family != NULL, NULL);

  return family->name;
}

/**
 * ferry_prom_family_get_help:
 * @family: a #FerryPromFamily
 *
 * Returns: (nullable): the unescaped HELP text
 */
const gchar *
ferry_prom_family_get_help (FerryPromFamily *family)
{
  g_return_val_if_fail (family != NULL, NULL);

  return family->help;
}

/**
 * ferry_prom_family_get_metric_type:
 * @family: a #FerryPromFamily
 *
 * Returns: the family's TYPE, %FERRY_PROM_TYPE_UNTYPED when none was given
 */
FerryPromType
ferry_prom_family_get_metric_type (FerryPromFamily *family)
{
  g_return_val_if_fail (family != NULL, FERRY_PROM_TYPE_UNTYPED);

  return family->type;
}

/**
 * ferry_prom_family_get_n_samples:
 * @family: a #FerryPromFamily
 *
 * Returns: the number of samples
 */
guint
ferry_prom_family_get_n_samples (FerryPromFamily *family)
{
  g_return_val_if_fail (family != NULL, 0);

  return family->samples->len;
}

/**
 * ferry_prom_family_get_sample:
 * @family: a #FerryPromFamily
 * @index: a sample index, in the order of the text
 *
 * Returns: (transfer none): the sample
 */
FerryPromSample *
ferry_prom_family_get_sample (FerryPromFamily *family,
                              guint            index)
{
  g_return_val_if_fail (family != NULL, NULL);
  g_return_val_if_fail (index < family->samples->len, NULL);

  return g_ptr_array_index (family->samples, index);
}

/**
 * ferry_prom_sample_get_name:
 * @sample: a #FerryPromSample
 *
 * Returns: the sample's metric name (for a histogram, with its suffix)
 */
const gchar *
ferry_prom_sample_get_name (FerryPromSample *sample)
{
  g_return_val_if_fail (sample != NULL, NULL);

  return sample->name;
}

/**
 * ferry_prom_sample_get_value:
 * @sample: a #FerryPromSample
 *
 * Returns: the value (may be NaN or infinite)
 */
gdouble
ferry_prom_sample_get_value (FerryPromSample *sample)
{
  g_return_val_if_fail (sample != NULL, NAN);

  return sample->value;
}

/**
 * ferry_prom_sample_get_timestamp:
 * @sample: a #FerryPromSample
 * @timestamp_ms: (out) (optional): the timestamp in milliseconds since
 *   the Unix epoch
 *
 * Returns: %TRUE when the sample carries a timestamp
 */
gboolean
ferry_prom_sample_get_timestamp (FerryPromSample *sample,
                                 gint64          *timestamp_ms)
{
  g_return_val_if_fail (sample != NULL, FALSE);

  if (timestamp_ms != NULL)
    *timestamp_ms = sample->timestamp;

  return sample->has_timestamp;
}

/**
 * ferry_prom_sample_get_n_labels:
 * @sample: a #FerryPromSample
 *
 * Returns: the number of labels
 */
guint
ferry_prom_sample_get_n_labels (FerryPromSample *sample)
{
  g_return_val_if_fail (sample != NULL, 0);

  return sample->n_labels;
}

/**
 * ferry_prom_sample_get_label_at:
 * @sample: a #FerryPromSample
 * @index: a label index, in the order of the text
 * @name: (out) (optional): the label's name
 * @value: (out) (optional): the label's unescaped value
 */
void
ferry_prom_sample_get_label_at (FerryPromSample  *sample,
                                guint             index,
                                const gchar     **name,
                                const gchar     **value)
{
  g_return_if_fail (sample != NULL);
  g_return_if_fail (index < sample->n_labels);

  if (name != NULL)
    *name = sample->labels[2 * index];
  if (value != NULL)
    *value = sample->labels[2 * index + 1];
}

/**
 * ferry_prom_sample_get_label:
 * @sample: a #FerryPromSample
 * @name: a label name
 *
 * Returns: (nullable): the label's unescaped value, or %NULL
 */
const gchar *
ferry_prom_sample_get_label (FerryPromSample *sample,
                             const gchar     *name)
{
  g_return_val_if_fail (sample != NULL, NULL);
  g_return_val_if_fail (name != NULL, NULL);

  for (guint i = 0; i < sample->n_labels; i++)
    if (g_str_equal (sample->labels[2 * i], name))
      return sample->labels[2 * i + 1];

  return NULL;
}

/**
 * ferry_prom_type_to_string:
 * @type: a #FerryPromType
 *
 * Returns: the type as written in `# TYPE` lines
 */
const gchar *
ferry_prom_type_to_string (FerryPromType type)
{
  switch (type)
    {
    case FERRY_PROM_TYPE_COUNTER:
      return "counter";

    case FERRY_PROM_TYPE_GAUGE:
      return "gauge";

    case FERRY_PROM_TYPE_HISTOGRAM:
      return "histogram";

    case FERRY_PROM_TYPE_SUMMARY:
      return "summary";

    case FERRY_PROM_TYPE_UNTYPED:
    default:
      return "untyped";
    }
}
