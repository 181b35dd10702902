/* fuzz-import.c
 *
 * Copyright 2026 The Ferry authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* libFuzzer harness: any bytes, read as YAML and imported as a compose
 * file or manifest, give a result or an error, never a crash, a hang or
 * a leak. Built with -Dfuzzing=enabled and clang; run as
 * `tests/fuzz-import -max_len=65536 CORPUS_DIR`; without them, the
 * seeded mutations of fuzz-driver.c. */

#include "config.h"

#include <stdint.h>
#include <stdlib.h>

#include <glib/gstdio.h>

#include "ferry-core.h"

int LLVMFuzzerTestOneInput (const uint8_t *data,
                            size_t         size);

static gchar *path = NULL;

/* The one file each input is written to, and its folder, go at exit. */
static void
remove_input (void)
{
  g_autofree gchar *dir = g_path_get_dirname (path);

  g_unlink (path);
  g_rmdir (dir);
}

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  g_autoptr(FerryYamlStream) stream = NULL;
  g_autoptr(FerryImport) import = NULL;
  g_autoptr(GFile) file = NULL;
  g_autoptr(JsonNode) root = NULL;

  stream = ferry_yaml_stream_new_from_data ("fuzz.yaml", (const gchar *)data, size, NULL);

  if (path == NULL)
    {
      g_autofree gchar *dir = g_dir_make_tmp ("ferry-fuzz-import-XXXXXX", NULL);

      g_assert (dir != NULL);
      path = g_build_filename (dir, "compose.yaml", NULL);
      atexit (remove_input);
    }

  if (!g_file_set_contents (path, (const gchar *)data, (gssize)size, NULL))
    return 0;

  file = g_file_new_for_path (path);
  import = ferry_import_new ();
  ferry_import_add_file (import, file);
  root = ferry_import_run (import, NULL, NULL);

  return 0;
}
