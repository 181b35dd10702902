/* ferryctl-import.c
 *
 * Copyright 2026 The Ferry authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "ferryctl"

#include "config.h"

#include "ferry-core.h"

#include "ferryctl-commands.h"

gint
ferryctl_import (const FerryctlCommand  *command,
                 gint                    argc,
                 gchar                 **argv)
{
  g_autoptr(FerryImport) import = ferry_import_new ();
  g_autoptr(JsonGenerator) generator = NULL;
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GFile) output_file = NULL;
  g_autofree gchar *output = NULL;
  g_autofree gchar *shown = NULL;
  g_autofree gchar *name = NULL;
  g_autofree gchar *json = NULL;
  g_autofree gchar *text = NULL;
  const gchar * const *report;
  gboolean force = FALSE;
  guint n_services;
  guint n_dependencies;
  gint exit_code;
  const GOptionEntry entries[] = {
    { "output", 'o', 0, G_OPTION_ARG_FILENAME, &output,
      "Write the workspace to FILE (a folder gets FILE/ferry.json) instead of standard output", "FILE" },
    { "name", 'n', 0, G_OPTION_ARG_STRING, &name,
      "Name the workspace (default: the compose project's name, else the input's folder)", "NAME" },
    { "force", 'f', 0, G_OPTION_ARG_NONE, &force,
      "Replace the output file if it exists", NULL },
    { NULL }
  };

  if (!ferryctl_parse_options (command, entries, &argc, &argv, &exit_code))
    return exit_code;

  if (argc < 2)
    return ferryctl_usage_error (command, "Name at least one compose file, manifest or folder");

  for (gint i = 1; i < argc; i++)
    {
      g_autoptr(GFile) file = g_file_new_for_commandline_arg (argv[i]);

      ferry_import_add_file (import, file);
    }

  if (output != NULL)
    {
      g_autoptr(GFile) dir = NULL;

      output_file = g_file_new_for_commandline_arg (output);
      if (g_file_query_file_type (output_file, G_FILE_QUERY_INFO_NONE, NULL) == G_FILE_TYPE_DIRECTORY)
        {
          GFile *child = g_file_get_child (output_file, "ferry.json");

          g_object_unref (output_file);
          output_file = child;
          shown = g_build_filename (output, "ferry.json", NULL);
        }
      else
        {
          shown = g_strdup (output);
        }

      if (!force && g_file_query_exists (output_file, NULL))
        return ferryctl_failed ("%s exists already; --force replaces it", shown);

      dir = g_file_get_parent (output_file);
      ferry_import_set_workspace_dir (import, dir);
    }

  ferry_import_set_name (import, name);
  root = ferry_import_run (import, NULL, &error);

  report = ferry_import_get_report (import);
  for (guint i = 0; report[i] != NULL; i++)
    g_printerr ("%s\n", report[i]);

  if (root == NULL)
    {
      g_printerr ("%s\n", error->message);
      return FERRYCTL_EXIT_FAILED;
    }

  generator = json_generator_new ();
  json_generator_set_pretty (generator, TRUE);
  json_generator_set_indent (generator, 2);
  json_generator_set_root (generator, root);
  text = json_generator_to_data (generator, NULL);
  json = g_strconcat (text, "\n", NULL);

  if (output_file == NULL)
    {
      g_print ("%s", json);
    }
  else
    {
      g_autofree gchar *path = g_file_get_path (output_file);

      if (path == NULL || !g_file_set_contents (path, json, -1, &error))
        return ferryctl_failed ("Cannot write %s: %s", shown,
                                error == NULL ? "not a local file" :
                                g_error_matches (error, G_FILE_ERROR, G_FILE_ERROR_NOENT) ? "its folder does not exist" :
                                error->message);
    }

  n_services = ferry_import_get_n_services (import);
  n_dependencies = ferry_import_get_n_dependencies (import);
  g_printerr ("Imported %u %s with %u %s%s%s%s\n",
              n_services, n_services == 1 ? "service" : "services",
              n_dependencies, n_dependencies == 1 ? "dependency" : "dependencies",
              output_file != NULL ? " into " : "",
              output_file != NULL ? shown : "",
              g_strv_length ((gchar **)report) > 0 ? "; see the report above for what was left out" : "");

  return FERRYCTL_EXIT_OK;
}
