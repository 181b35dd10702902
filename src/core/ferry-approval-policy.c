/* ferry-approval-policy.c
 *
 * Copyright 2026 The Ferry authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "ferry-approval-policy"

#include "config.h"

#include "ferry-model-private.h"

G_DEFINE_FINAL_TYPE (FerryApprovalPolicy, ferry_approval_policy, G_TYPE_OBJECT)

static void
ferry_approval_policy_finalize (GObject *object)
{
  FerryApprovalPolicy *self = FERRY_APPROVAL_POLICY (object);

  g_clear_pointer (&self->approvers, g_strfreev);

  G_OBJECT_CLASS (ferry_approval_policy_parent_class)->finalize (object);
}

static void
ferry_approval_policy_class_init (FerryApprovalPolicyClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = ferry_approval_policy_finalize;
}

static void
ferry_approval_policy_init (FerryApprovalPolicy *self)
{
}

/**
 * ferry_approval_policy_get_required:
 * @self: a #FerryApprovalPolicy
 *
 * Returns: how many distinct people must approve
 */
guint
ferry_approval_policy_get_required (FerryApprovalPolicy *self)
{
  g_return_val_if_fail (FERRY_IS_APPROVAL_POLICY (self), 0);

  return self->required;
}

/**
 * ferry_approval_policy_get_approvers:
 * @self: a #FerryApprovalPolicy
 *
 * Returns: (transfer none): who may approve: `team:NAME` or addresses;
 *   empty when anyone may
 */
const gchar * const *
ferry_approval_policy_get_approvers (FerryApprovalPolicy *self)
{
  static const gchar *empty[] = { NULL };

  g_return_val_if_fail (FERRY_IS_APPROVAL_POLICY (self), NULL);

  return self->approvers ? (const gchar * const *)self->approvers : empty;
}

/**
 * ferry_approval_policy_get_self_approval:
 * @self: a #FerryApprovalPolicy
 *
 * Returns: whether whoever asked for a deployment may approve it too
 *   (%FALSE, four-eyes, unless the workspace says otherwise)
 */
gboolean
ferry_approval_policy_get_self_approval (FerryApprovalPolicy *self)
{
  g_return_val_if_fail (FERRY_IS_APPROVAL_POLICY (self), FALSE);

  return self->self_approval;
}

/**
 * ferry_approval_policy_describe_approvers:
 * @self: a #FerryApprovalPolicy
 *
 * Returns: (transfer full): "team:release or cy@acme.test", or "anyone"
 */
gchar *
ferry_approval_policy_describe_approvers (FerryApprovalPolicy *self)
{
  g_return_val_if_fail (FERRY_IS_APPROVAL_POLICY (self), NULL);

  if (self->approvers == NULL || self->approvers[0] == NULL)
    return g_strdup ("anyone");

  return g_strjoinv (" or ", self->approvers);
}

/**
 * ferry_approval_policy_may_approve:
 * @self: a #FerryApprovalPolicy
 * @workspace: the workspace whose teams the approvers name
 * @user: who wants to approve
 * @requested_by: (nullable): who asked for the deployment
 * @reason: (out) (optional) (transfer full): why not, in words
 *
 * Checks the policy for one person: among the approvers, and not the
 * requester unless self-approval is allowed (four-eyes).
 *
 * Returns: %TRUE when @user may approve
 */
gboolean
ferry_approval_policy_may_approve (FerryApprovalPolicy  *self,
                                   FerryWorkspace       *workspace,
                                   const gchar          *user,
                                   const gchar          *requested_by,
                                   gchar               **reason)
{
  gboolean listed = FALSE;

  g_return_val_if_fail (FERRY_IS_APPROVAL_POLICY (self), FALSE);
  g_return_val_if_fail (FERRY_IS_WORKSPACE (workspace), FALSE);
  g_return_val_if_fail (user != NULL, FALSE);

  if (!self->self_approval && requested_by != NULL &&
      g_ascii_strcasecmp (user, requested_by) == 0)
    {
      if (reason != NULL)
        *reason = g_strdup_printf ("%s asked for this deployment and may not approve it too: "
                                   "the environment requires another person's approval (four-eyes)",
                                   user);
      return FALSE;
    }

  if (self->approvers == NULL || self->approvers[0] == NULL)
    return TRUE;

  for (guint i = 0; self->approvers[i] && !listed; i++)
    {
      const gchar *approver = self->approvers[i];

      if (g_str_has_prefix (approver, "team:"))
        {
          FerryTeam *team = ferry_workspace_get_team (workspace, approver + 5);

          listed = team != NULL && ferry_team_has_member (team, user);
        }
      else
        listed = g_ascii_strcasecmp (approver, user) == 0;
    }

  if (!listed && reason != NULL)
    {
      g_autofree gchar *who = ferry_approval_policy_describe_approvers (self);
      *reason = g_strdup_printf ("%s may not approve here: approvals must come from %s", user, who);
    }

  return listed;
}
