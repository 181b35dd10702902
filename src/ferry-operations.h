/* ferry-operations.h
 *
 * Copyright 2026 The Ferry authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "ferry-core.h"

G_BEGIN_DECLS

#define FERRY_TYPE_OPERATIONS (ferry_operations_get_type())

G_DECLARE_FINAL_TYPE (FerryOperations, ferry_operations, FERRY, OPERATIONS, GObject)

FerryOperations *ferry_operations_new          (GtkWindow           *parent,
                                                FerryWorkspace      *workspace,
                                                FerryStore          *store,
                                                const gchar         *user);
const gchar     *ferry_operations_get_user     (FerryOperations     *self);
FerryEngine     *ferry_operations_get_engine   (FerryOperations     *self);
void             ferry_operations_deploy       (FerryOperations     *self,
                                                const gchar         *service,
                                                const gchar         *environment);
void             ferry_operations_promote      (FerryOperations     *self,
                                                const gchar         *from,
                                                const gchar         *to,
                                                const gchar * const *services);
void             ferry_operations_rollback     (FerryOperations     *self,
                                                const gchar         *service,
                                                const gchar         *environment);
void             ferry_operations_decide       (FerryOperations     *self,
                                                gint64               request_id,
                                                FerryVerdict         verdict);
void             ferry_operations_supervise    (FerryOperations     *self);

G_END_DECLS
