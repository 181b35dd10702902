/* ferry-plan-dialog.h
 *
 * Copyright 2026 The Ferry authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "ferry-core.h"
#include "ferry-diff-list.h"

G_BEGIN_DECLS

#define FERRY_TYPE_PLAN_DIALOG (ferry_plan_dialog_get_type())

G_DECLARE_FINAL_TYPE (FerryPlanDialog, ferry_plan_dialog, FERRY, PLAN_DIALOG, AdwWindow)

FerryPlanDialog *ferry_plan_dialog_new         (GtkWindow           *parent,
                                                FerryWorkspace      *workspace,
                                                FerryStateSnapshot  *state,
                                                const gchar         *from,
                                                const gchar         *to,
                                                const gchar * const *services);
FerryPlan       *ferry_plan_dialog_get_plan    (FerryPlanDialog     *self);
FerryDiffList   *ferry_plan_dialog_get_preview (FerryPlanDialog     *self);

G_END_DECLS
