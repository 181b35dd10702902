/* ferry-workspace.h
 *
 * Copyright 2026 The Ferry authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "ferry-diagnostic.h"
#include "ferry-types.h"

G_BEGIN_DECLS

#define FERRY_TYPE_WORKSPACE (ferry_workspace_get_type())

G_DECLARE_FINAL_TYPE (FerryWorkspace, ferry_workspace, FERRY, WORKSPACE, GObject)

#define FERRY_WORKSPACE_ERROR (ferry_workspace_error_quark ())

typedef enum
{
  FERRY_WORKSPACE_ERROR_NOT_FOUND,
  FERRY_WORKSPACE_ERROR_GIT,
  FERRY_WORKSPACE_ERROR_INVALID,
} FerryWorkspaceError;

/* Files larger than this are refused before they are read. */
#define FERRY_WORKSPACE_MAX_SIZE (64 * 1024 * 1024)

GQuark            ferry_workspace_error_quark         (void);

FerryWorkspace   *ferry_workspace_load                (const gchar          *location,
                                                       const gchar          *ref,
                                                       GCancellable         *cancellable,
                                                       GError              **error);
void              ferry_workspace_load_async          (const gchar          *location,
                                                       const gchar          *ref,
                                                       GCancellable         *cancellable,
                                                       GAsyncReadyCallback   callback,
                                                       gpointer              user_data);
FerryWorkspace   *ferry_workspace_load_finish         (GAsyncResult         *result,
                                                       GError              **error);
FerryWorkspace   *ferry_workspace_load_from_data      (const gchar          *data,
                                                       gsize                 length,
                                                       const gchar          *file,
                                                       const gchar          *directory);
gboolean          ferry_workspace_inspect_repos       (FerryWorkspace       *self,
                                                       GCancellable         *cancellable,
                                                       GError              **error);
gboolean          ferry_workspace_is_git_url          (const gchar          *location);

const gchar      *ferry_workspace_get_name            (FerryWorkspace       *self);
const gchar      *ferry_workspace_get_description     (FerryWorkspace       *self);
const gchar      *ferry_workspace_get_manifest        (FerryWorkspace       *self);
const gchar      *ferry_workspace_get_directory       (FerryWorkspace       *self);
const gchar      *ferry_workspace_get_source          (FerryWorkspace       *self);
FerryDiagnostics *ferry_workspace_get_diagnostics     (FerryWorkspace       *self);
gboolean          ferry_workspace_is_valid            (FerryWorkspace       *self);

GListModel       *ferry_workspace_get_services        (FerryWorkspace       *self);
GListModel       *ferry_workspace_get_environments    (FerryWorkspace       *self);
guint             ferry_workspace_get_n_services      (FerryWorkspace       *self);
FerryService     *ferry_workspace_get_service_at      (FerryWorkspace       *self,
                                                       guint                 index);
FerryService     *ferry_workspace_get_service         (FerryWorkspace       *self,
                                                       const gchar          *name);
guint             ferry_workspace_get_n_environments  (FerryWorkspace       *self);
FerryEnvironment *ferry_workspace_get_environment_at  (FerryWorkspace       *self,
                                                       guint                 index);
FerryEnvironment *ferry_workspace_get_environment     (FerryWorkspace       *self,
                                                       const gchar          *name);
guint             ferry_workspace_get_n_repos         (FerryWorkspace       *self);
FerryRepo        *ferry_workspace_get_repo_at         (FerryWorkspace       *self,
                                                       guint                 index);
FerryRepo        *ferry_workspace_get_repo            (FerryWorkspace       *self,
                                                       const gchar          *name);
guint             ferry_workspace_get_n_teams         (FerryWorkspace       *self);
FerryTeam        *ferry_workspace_get_team_at         (FerryWorkspace       *self,
                                                       guint                 index);
FerryTeam        *ferry_workspace_get_team            (FerryWorkspace       *self,
                                                       const gchar          *name);
guint             ferry_workspace_get_n_targets       (FerryWorkspace       *self);
FerryTarget      *ferry_workspace_get_target_at       (FerryWorkspace       *self,
                                                       guint                 index);
FerryTarget      *ferry_workspace_get_target          (FerryWorkspace       *self,
                                                       const gchar          *name);
FerryEndpoint    *ferry_workspace_get_endpoint        (FerryWorkspace       *self,
                                                       const gchar          *id);
guint             ferry_workspace_get_n_layers        (FerryWorkspace       *self);
guint             ferry_workspace_get_layer_size      (FerryWorkspace       *self,
                                                       guint                 layer);
FerryService     *ferry_workspace_get_layer_service   (FerryWorkspace       *self,
                                                       guint                 layer,
                                                       guint                 index);
GPtrArray        *ferry_workspace_get_upstream        (FerryWorkspace       *self,
                                                       FerryService         *service);
GPtrArray        *ferry_workspace_get_downstream      (FerryWorkspace       *self,
                                                       FerryService         *service);

G_END_DECLS
