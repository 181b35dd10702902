/* fuzz-workspace.c
 *
 * Copyright 2026 The Ferry authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * libFuzzer target for the workspace loader: any bytes must give
 * diagnostics or a model, never a crash, a hang or a leak.
 */

#include "config.h"

#include <stdint.h>

#include "ferry-core.h"

int LLVMFuzzerTestOneInput (const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  g_autoptr(FerryWorkspace) ws = NULL;
  g_autofree gchar *diagnostics = NULL;

  ws = ferry_workspace_load_from_data ((const gchar *)data, size, "ferry.json", NULL);
  diagnostics = ferry_diagnostics_format (ferry_workspace_get_diagnostics (ws));

  if (ferry_workspace_is_valid (ws))
    {
      g_autoptr(JsonNode) graph = ferry_graph_to_json (ws);
      g_autofree gchar *dot = ferry_graph_to_dot (ws);
      g_autoptr(FerryStateSnapshot) state = ferry_state_snapshot_new ();
      g_autoptr(GDateTime) now = g_date_time_new_utc (2026, 12, 24, 0, 0, 0);
      guint n_envs = ferry_workspace_get_n_environments (ws);

      for (guint i = 0; i < n_envs; i++)
        {
          FerryEnvironment *env = ferry_workspace_get_environment_at (ws, i);
          g_autoptr(FerryPlan) plan = ferry_plan_compute (ws, state, ferry_environment_get_name (env),
                                                          NULL, NULL, now, NULL);
          g_autofree gchar *text = plan ? ferry_plan_to_text (plan) : NULL;
        }
    }

  return 0;
}
