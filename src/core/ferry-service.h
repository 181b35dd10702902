/* ferry-service.h
 *
 * Copyright 2026 The Ferry authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "ferry-types.h"

G_BEGIN_DECLS

#define FERRY_TYPE_SERVICE (ferry_service_get_type())

G_DECLARE_FINAL_TYPE (FerryService, ferry_service, FERRY, SERVICE, GObject)

const gchar         *ferry_service_get_name           (FerryService *self);
const gchar         *ferry_service_get_description    (FerryService *self);
FerryBuild          *ferry_service_get_build          (FerryService *self);
FerryRepo           *ferry_service_get_repo           (FerryService *self);
FerryTeam           *ferry_service_get_team           (FerryService *self);
guint                ferry_service_get_layer          (FerryService *self);
guint                ferry_service_get_index          (FerryService *self);
guint                ferry_service_get_n_produces     (FerryService *self);
FerryEndpoint       *ferry_service_get_produces       (FerryService *self,
                                                       guint         index);
guint                ferry_service_get_n_consumes     (FerryService *self);
FerryEndpoint       *ferry_service_get_consumes       (FerryService *self,
                                                       guint         index);
guint                ferry_service_get_n_dependencies (FerryService *self);
FerryService        *ferry_service_get_dependency     (FerryService *self,
                                                       guint         index);
guint                ferry_service_get_n_dependents   (FerryService *self);
FerryService        *ferry_service_get_dependent      (FerryService *self,
                                                       guint         index);
gboolean             ferry_service_depends_on         (FerryService *self,
                                                       FerryService *other);
const gchar * const *ferry_service_get_run_command    (FerryService *self);
guint                ferry_service_get_port           (FerryService *self);
const gchar         *ferry_service_get_health         (FerryService *self);
GHashTable          *ferry_service_dup_env            (FerryService *self,
                                                       const gchar  *environment);
gint                 ferry_service_get_replicas       (FerryService *self,
                                                       const gchar  *environment);
const gchar         *ferry_service_get_json_path      (FerryService *self);
const gchar         *ferry_service_get_file           (FerryService *self);
guint                ferry_service_get_line           (FerryService *self);
guint                ferry_service_get_column         (FerryService *self);

G_END_DECLS
