/* ferry-approval-policy.h
 *
 * Copyright 2026 The Ferry authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "ferry-types.h"

G_BEGIN_DECLS

#define FERRY_TYPE_APPROVAL_POLICY (ferry_approval_policy_get_type())

G_DECLARE_FINAL_TYPE (FerryApprovalPolicy, ferry_approval_policy, FERRY, APPROVAL_POLICY, GObject)

guint                ferry_approval_policy_get_required      (FerryApprovalPolicy *self);
const gchar * const *ferry_approval_policy_get_approvers     (FerryApprovalPolicy *self);
gboolean             ferry_approval_policy_get_self_approval (FerryApprovalPolicy *self);
gchar               *ferry_approval_policy_describe_approvers (FerryApprovalPolicy *self);
gboolean             ferry_approval_policy_may_approve       (FerryApprovalPolicy *self,
                                                              FerryWorkspace      *workspace,
                                                              const gchar         *user,
                                                              const gchar         *requested_by,
                                                              gchar              **reason);

G_END_DECLS
