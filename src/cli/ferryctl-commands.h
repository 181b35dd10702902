/* ferryctl-commands.h
 *
 * Copyright 2026 The Ferry authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

#include "ferry-core.h"

G_BEGIN_DECLS

/* Exit codes of the ferryctl contract. */
#define FERRYCTL_EXIT_OK      0
#define FERRYCTL_EXIT_FAILED  1
#define FERRYCTL_EXIT_USAGE   2

typedef struct _FerryctlCommand FerryctlCommand;

struct _FerryctlCommand
{
  const gchar *name;
  const gchar *parameters;
  const gchar *summary;
  const gchar *description;
  gint       (*run) (const FerryctlCommand *command,
                     gint                   argc,
                     gchar                **argv);
};

gboolean ferryctl_parse_options (const FerryctlCommand  *command,
                                 const GOptionEntry     *entries,
                                 gint                   *argc,
                                 gchar                ***argv,
                                 gint                   *exit_code);
gint     ferryctl_usage_error   (const FerryctlCommand  *command,
                                 const gchar            *format,
                                 ...) G_GNUC_PRINTF (2, 3);
gint     ferryctl_failed        (const gchar            *format,
                                 ...) G_GNUC_PRINTF (1, 2);


gboolean        ferryctl_check_format   (const FerryctlCommand  *command,
                                         const gchar            *format,
                                         const gchar * const    *allowed,
                                         gint                   *exit_code);
FerryWorkspace *ferryctl_open_workspace (const FerryctlCommand  *command,
                                         gint                    argc,
                                         gchar                 **argv,
                                         const gchar            *ref,
                                         gboolean                require_valid,
                                         gint                   *exit_code);
void            ferryctl_print_diagnostics (FerryWorkspace      *workspace);
FerryStateSnapshot *ferryctl_load_state    (FerryWorkspace      *workspace,
                                            GError             **error);

gboolean            ferryctl_check_service_env (const FerryctlCommand *command,
                                                gint                 argc,
                                                gchar              **argv,
                                                const gchar         *env,
                                                gint                *exit_code);
FerryEngine        *ferryctl_open_engine   (const FerryctlCommand *command,
                                            const gchar         *workspace,
                                            void               (*progress) (const gchar *, gpointer),
                                            gint                *exit_code);
void                ferryctl_print_line    (const gchar         *message,
                                            gpointer             user_data);
gint                ferryctl_report_run    (FerryEngine         *engine,
                                            FerryPlanRun        *run);

gint ferryctl_approvals (const FerryctlCommand *command, gint argc, gchar **argv);
gint ferryctl_approve  (const FerryctlCommand *command, gint argc, gchar **argv);
gint ferryctl_demo     (const FerryctlCommand *command, gint argc, gchar **argv);
gint ferryctl_deploy   (const FerryctlCommand *command, gint argc, gchar **argv);
gint ferryctl_diff     (const FerryctlCommand *command, gint argc, gchar **argv);
gint ferryctl_down     (const FerryctlCommand *command, gint argc, gchar **argv);
gint ferryctl_graph    (const FerryctlCommand *command, gint argc, gchar **argv);
gint ferryctl_log      (const FerryctlCommand *command, gint argc, gchar **argv);
gint ferryctl_layout   (const FerryctlCommand *command, gint argc, gchar **argv);
gint ferryctl_metrics  (const FerryctlCommand *command, gint argc, gchar **argv);
gint ferryctl_promote  (const FerryctlCommand *command, gint argc, gchar **argv);
gint ferryctl_reject   (const FerryctlCommand *command, gint argc, gchar **argv);
gint ferryctl_rollback (const FerryctlCommand *command, gint argc, gchar **argv);
gint ferryctl_plan     (const FerryctlCommand *command, gint argc, gchar **argv);
gint ferryctl_status   (const FerryctlCommand *command, gint argc, gchar **argv);
gint ferryctl_stop     (const FerryctlCommand *command, gint argc, gchar **argv);
gint ferryctl_trust    (const FerryctlCommand *command, gint argc, gchar **argv);
gint ferryctl_validate (const FerryctlCommand *command, gint argc, gchar **argv);
gint ferryctl_import   (const FerryctlCommand *command, gint argc, gchar **argv);
gint ferryctl_whoami   (const FerryctlCommand *command, gint argc, gchar **argv);

G_END_DECLS
