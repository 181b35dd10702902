/* fuzz-driver.c
 *
 * Copyright 2026 The Ferry authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Runs a libFuzzer target without libFuzzer (when the compiler is not
 * clang): every seed of the corpus, then deterministic mutations of them
 * (bit flips, byte runs, insertions, deletions, truncations, splices) for
 * a bounded number of iterations (-runs=N, or FERRY_FUZZ_ITERATIONS;
 * from FERRY_FUZZ_SEED). A crash, a failed assertion or a critical warning
 * fails the test; the same seed replays the same inputs.
 */

#include "config.h"

#include <stdint.h>
#include <string.h>

#include <glib.h>

int LLVMFuzzerInitialize (int *argc, char ***argv);
int LLVMFuzzerTestOneInput (const uint8_t *data, size_t size);

static gint
sort_paths (const gchar **a,
            const gchar **b)
{
  return strcmp (*a, *b);
}

static void
insert_bytes (GByteArray   *array,
              guint         at,
              const guint8 *data,
              guint         len)
{
  guint old = array->len;

  g_byte_array_set_size (array, old + len);
  memmove (array->data + at + len, array->data + at, old - at);
  memcpy (array->data + at, data, len);
}

/* Every file under @path, in a stable order, as a seed. */
static void
add_seeds (GPtrArray   *seeds,
           const gchar *path)
{
  g_autoptr(GDir) dir = NULL;
  g_autoptr(GPtrArray) names = NULL;
  const gchar *name;
  gchar *contents;
  gsize length;

  if (!g_file_test (path, G_FILE_TEST_IS_DIR))
    {
      if (g_file_get_contents (path, &contents, &length, NULL))
        g_ptr_array_add (seeds, g_bytes_new_take (contents, length));
      return;
    }

  if ((dir = g_dir_open (path, 0, NULL)) == NULL)
    return;

  names = g_ptr_array_new_with_free_func (g_free);
  while ((name = g_dir_read_name (dir)))
    g_ptr_array_add (names, g_build_filename (path, name, NULL));
  g_ptr_array_sort (names, (GCompareFunc)sort_paths);

  for (guint i = 0; i < names->len; i++)
    add_seeds (seeds, g_ptr_array_index (names, i));
}

static GBytes *
mutate (GRand     *rand,
        GPtrArray *seeds)
{
  GBytes *seed = g_ptr_array_index (seeds, g_rand_int_range (rand, 0, seeds->len));
  gsize size = 0;
  const guint8 *data = g_bytes_get_data (seed, &size);
  GByteArray *out = g_byte_array_sized_new (size + 64);
  static const gchar *tokens[] = { "{", "}", "[", "]", ",", ":", "\"", "\\u", "null", "true", "1e999",
                                   "-0", "\"name\"", "\"depends_on\"", "\"team:\"", "\xff", "\xc3", "\x00",
                                   /* YAML, for the importer */
                                   ": ", "- ", "\n  ", "\n- ", "&a ", "*a", "<<: ", "'", "|\n", "~", "---\n",
                                   "${", "$(", "=", "!!str " };
  guint n_mutations = 1 + g_rand_int_range (rand, 0, 8);

  g_byte_array_append (out, data, size);

  for (guint m = 0; m < n_mutations; m++)
    {
      guint at = out->len ? g_rand_int_range (rand, 0, out->len) : 0;

      switch (g_rand_int_range (rand, 0, 6))
        {
        case 0: /* flip a bit */
          if (out->len)
            out->data[at] ^= 1 << g_rand_int_range (rand, 0, 8);
          break;

        case 1: /* insert a token */
          {
            const gchar *token = tokens[g_rand_int_range (rand, 0, G_N_ELEMENTS (tokens))];
            gsize len = token[0] ? strlen (token) : 1;
            insert_bytes (out, at, (const guint8 *)token, len);
          }
          break;

        case 2: /* delete a run */
          if (out->len)
            {
              guint len = g_rand_int_range (rand, 1, 16);
              g_byte_array_remove_range (out, at, MIN (out->len - at, len));
            }
          break;

        case 3: /* truncate */
          g_byte_array_set_size (out, at);
          break;

        case 4: /* duplicate a run */
          if (out->len)
            {
              guint len = g_rand_int_range (rand, 1, 64);
              g_autofree guint8 *copy = NULL;

              len = MIN (out->len - at, len);
              copy = g_memdup2 (out->data + at, len);
              insert_bytes (out, g_rand_int_range (rand, 0, out->len), copy, len);
            }
          break;

        case 5: /* splice in another seed's tail */
          {
            GBytes *other = g_ptr_array_index (seeds, g_rand_int_range (rand, 0, seeds->len));
            gsize other_size;
            const guint8 *other_data = g_bytes_get_data (other, &other_size);
            guint from = other_size ? g_rand_int_range (rand, 0, other_size) : 0;

            g_byte_array_set_size (out, at);
            g_byte_array_append (out, other_data + from, other_size - from);
          }
          break;

        default:
          break;
        }
    }

  return g_byte_array_free_to_bytes (out);
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GPtrArray) seeds = g_ptr_array_new_with_free_func ((GDestroyNotify)g_bytes_unref);
  g_autoptr(GRand) rand = NULL;
  g_autofree gchar *target = g_path_get_basename (argv[0]);
  guint iterations = 200000;
  guint32 seed = 1;
  const gchar *env;

  LLVMFuzzerInitialize (&argc, &argv);

  for (gint i = 1; i < argc; i++)
    {
      /* libFuzzer's own -runs=N bounds the mutations here too */
      if (g_str_has_prefix (argv[i], "-runs="))
        iterations = g_ascii_strtoull (argv[i] + strlen ("-runs="), NULL, 10);
      else
        add_seeds (seeds, argv[i]);
    }

  if ((env = g_getenv ("FERRY_FUZZ_ITERATIONS")))
    iterations = g_ascii_strtoull (env, NULL, 10);
  if ((env = g_getenv ("FERRY_FUZZ_SEED")))
    seed = g_ascii_strtoull (env, NULL, 10);

  if (seeds->len == 0)
    {
      g_printerr ("usage: %s CORPUS_DIR...\n", argv[0]);
      return 2;
    }

  for (guint i = 0; i < seeds->len; i++)
    {
      gsize size;
      const guint8 *data = g_bytes_get_data (g_ptr_array_index (seeds, i), &size);
      LLVMFuzzerTestOneInput (data, size);
    }

  rand = g_rand_new_with_seed (seed);
  g_print ("# %u seeds, %u mutations from seed %u\n", seeds->len, iterations, seed);

  for (guint i = 0; i < iterations; i++)
    {
      g_autoptr(GBytes) input = mutate (rand, seeds);
      gsize size;
      const guint8 *data = g_bytes_get_data (input, &size);

      LLVMFuzzerTestOneInput (data, size);
    }

  g_print ("1..1\nok 1 /ferry/fuzz/%s %u inputs\n",
           g_str_has_prefix (target, "fuzz-") ? target + strlen ("fuzz-") : target,
           seeds->len + iterations);

  return 0;
}
