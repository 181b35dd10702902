/* ferry-store-approvals.c
 *
 * Copyright 2026 The Ferry authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "ferry-store"

#include "config.h"

#include "ferry-store-private.h"

/* Who may approve (the policy, four-eyes) is the engine's to judge before
 * it records a decision. The store makes recording safe: one decision per
 * person and request (UNIQUE), decisions never rewritten (triggers), and
 * the decision and the request's new status in one transaction.
 */

#define REQUEST_SELECT                                                          \
  "SELECT r.id, r.service, r.environment, r.version, r.requested_by, "          \
  "       r.required, r.approvers, r.self_approval, r.status, r.created_at, "   \
  "       r.decided_at, r.step_id, "                                            \
  "       (SELECT count (*) FROM approval_decisions a "                         \
  "        WHERE a.request_id = r.id AND a.verdict = 'approve') "               \
  "FROM approval_requests r "

#define DECISION_SELECT                                                         \
  "SELECT id, request_id, user, verdict, comment, time FROM approval_decisions "

static gpointer
request_from_row (sqlite3_stmt *stmt)
{
  FerryApprovalRequest *request = ferry_approval_request_new ();
  g_autofree gchar *status = NULL;

  request->id = sqlite3_column_int64 (stmt, 0);
  request->service = _ferry_store_column_string (stmt, 1);
  request->environment = _ferry_store_column_string (stmt, 2);
  request->version = _ferry_store_column_string (stmt, 3);
  request->requested_by = _ferry_store_column_string (stmt, 4);
  request->required = (guint) sqlite3_column_int64 (stmt, 5);
  request->approvers = _ferry_store_column_string (stmt, 6);
  request->self_approval = sqlite3_column_int (stmt, 7) != 0;
  status = _ferry_store_column_string (stmt, 8);
  if (!ferry_approval_status_from_string (status, &request->status))
    request->status = FERRY_APPROVAL_STATUS_CANCELLED;
  request->created_at = _ferry_store_column_time (stmt, 9);
  request->decided_at = _ferry_store_column_time (stmt, 10);
  request->step_id = sqlite3_column_int64 (stmt, 11);
  request->approvals = (guint) sqlite3_column_int64 (stmt, 12);

  return request;
}

static gpointer
decision_from_row (sqlite3_stmt *stmt)
{
  FerryApprovalDecision *decision = ferry_approval_decision_new ();
  g_autofree gchar *verdict = NULL;

  decision->id = sqlite3_column_int64 (stmt, 0);
  decision->request_id = sqlite3_column_int64 (stmt, 1);
  decision->user = _ferry_store_column_string (stmt, 2);
  verdict = _ferry_store_column_string (stmt, 3);
  if (!ferry_verdict_from_string (verdict, &decision->verdict))
    decision->verdict = FERRY_VERDICT_REJECT;
  decision->comment = _ferry_store_column_string (stmt, 4);
  decision->time = _ferry_store_column_time (stmt, 5);

  return decision;
}

typedef struct
{
  const FerryApprovalRequest *template;
  FerryApprovalRequest       *result;
} CreateRequestData;

static gboolean
create_request (FerryStore  *self,
                gpointer     data,
                GError     **error)
{
  CreateRequestData *create = data;
  const FerryApprovalRequest *t = create->template;
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();

  g_clear_pointer (&create->result, ferry_approval_request_unref);

  if (!_ferry_store_exec (self, error,
                          "INSERT INTO approval_requests (service, environment, version, "
                          "  requested_by, required, approvers, self_approval, status, "
                          "  created_at, step_id) "
                          "VALUES (?, ?, ?, ?, ?, ?, ?, 'pending', ?, ?)",
                          "ssssisdtn",
                          t->service, t->environment, t->version, t->requested_by,
                          (gint64) t->required, t->approvers, t->self_approval ? 1 : 0,
                          now, t->step_id))
    return FALSE;

  create->result = ferry_store_get_approval_request (self, _ferry_store_last_insert_id (self),
                                                     error);

  return create->result != NULL;
}

/**
 * ferry_store_create_approval_request:
 * @self: a #FerryStore
 * @request: a template: @service, @environment, @version, @requested_by,
 *   @required, @approvers, @self_approval and @step_id
 * @error: return location for a #GError
 *
 * Records a pending approval request.
 *
 * Returns: (transfer full): the stored request, or %NULL with @error set
 */
FerryApprovalRequest *
ferry_store_create_approval_request (FerryStore                  *self,
                                     const FerryApprovalRequest  *request,
                                     GError                     **error)
{
  CreateRequestData create = { request, NULL };

  g_return_val_if_fail (FERRY_IS_STORE (self), NULL);
  g_return_val_if_fail (request != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (request->service == NULL || request->environment == NULL ||
      request->version == NULL || request->requested_by == NULL)
    {
      g_set_error_literal (error, FERRY_STORE_ERROR, FERRY_STORE_ERROR_INVALID,
                           "An approval request needs a service, an environment, "
                           "a version and who asks");
      return NULL;
    }

  if (!_ferry_store_write (self, create_request, &create, error))
    {
      g_clear_pointer (&create.result, ferry_approval_request_unref);
      return NULL;
    }

  return create.result;
}

/**
 * ferry_store_get_approval_request:
 * @self: a #FerryStore
 * @id: a request id
 * @error: return location for a #GError
 *
 * Returns: (transfer full): the request with its count of approvals, or
 *   %NULL with @error set (%FERRY_STORE_ERROR_NOT_FOUND when there is none)
 */
FerryApprovalRequest *
ferry_store_get_approval_request (FerryStore  *self,
                                  gint64       id,
                                  GError     **error)
{
  g_return_val_if_fail (FERRY_IS_STORE (self), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  return _ferry_store_get_by_id (self, request_from_row,
                                 (GDestroyNotify) ferry_approval_request_unref,
                                 "approval request", REQUEST_SELECT "WHERE r.id = ?", id, error);
}

/**
 * ferry_store_list_approval_requests:
 * @self: a #FerryStore
 * @pending_only: only the pending ones (the approval inbox)
 * @error: return location for a #GError
 *
 * Returns: (transfer container) (element-type FerryApprovalRequest): the
 *   requests, newest first, or %NULL with @error set
 */
GPtrArray *
ferry_store_list_approval_requests (FerryStore  *self,
                                    gboolean     pending_only,
                                    GError     **error)
{
  g_return_val_if_fail (FERRY_IS_STORE (self), NULL);

  return _ferry_store_query (self, request_from_row,
                             (GDestroyNotify) ferry_approval_request_unref, error,
                             REQUEST_SELECT
                             "WHERE ? = 0 OR r.status = 'pending' ORDER BY r.id DESC",
                             "d", pending_only ? 1 : 0);
}

static gpointer
list_requests_func (FerryStore    *self,
                    gpointer       data,
                    GCancellable  *cancellable,
                    GError       **error)
{
  return ferry_store_list_approval_requests (self, GPOINTER_TO_INT (data), error);
}

/**
 * ferry_store_list_approval_requests_async:
 * @self: a #FerryStore
 * @pending_only: only the pending ones
 * @cancellable: (nullable): a #GCancellable
 * @callback: called when done
 * @user_data: data for @callback
 *
 * Runs ferry_store_list_approval_requests() on a worker thread.
 */
void
ferry_store_list_approval_requests_async (FerryStore          *self,
                                          gboolean             pending_only,
                                          GCancellable        *cancellable,
                                          GAsyncReadyCallback  callback,
                                          gpointer             user_data)
{
  g_return_if_fail (FERRY_IS_STORE (self));

  _ferry_store_run_tagged_async (self, ferry_store_list_approval_requests_async,
                                 list_requests_func, GINT_TO_POINTER (!!pending_only), NULL,
                                 (GDestroyNotify) g_ptr_array_unref,
                                 cancellable, callback, user_data);
}

/**
 * ferry_store_list_approval_requests_finish:
 * @self: a #FerryStore
 * @result: the result given to the callback
 * @error: return location for a #GError
 *
 * Returns: (transfer container) (element-type FerryApprovalRequest): see
 *   ferry_store_list_approval_requests()
 */
GPtrArray *
ferry_store_list_approval_requests_finish (FerryStore    *self,
                                           GAsyncResult  *result,
                                           GError       **error)
{
  return _ferry_store_run_tagged_finish (self, result,
                                         ferry_store_list_approval_requests_async, error);
}

/**
 * ferry_store_list_decisions:
 * @self: a #FerryStore
 * @request_id: a request
 * @error: return location for a #GError
 *
 * Returns: (transfer container) (element-type FerryApprovalDecision): the
 *   decisions on the request, oldest first, or %NULL with @error set
 */
GPtrArray *
ferry_store_list_decisions (FerryStore  *self,
                            gint64       request_id,
                            GError     **error)
{
  g_return_val_if_fail (FERRY_IS_STORE (self), NULL);

  return _ferry_store_query (self, decision_from_row,
                             (GDestroyNotify) ferry_approval_decision_unref, error,
                             DECISION_SELECT "WHERE request_id = ? ORDER BY id",
                             "i", request_id);
}

typedef struct
{
  gint64                request_id;
  gchar                *user;
  FerryVerdict          verdict;
  gchar                *comment;
  FerryApprovalRequest *result;
} DecisionData;

static void
decision_data_free (gpointer data)
{
  DecisionData *decision = data;

  g_free (decision->user);
  g_free (decision->comment);
  g_clear_pointer (&decision->result, ferry_approval_request_unref);
  g_free (decision);
}

static gboolean
refuse_if_not_pending (FerryApprovalRequest  *request,
                       GError               **error)
{
  if (request->status == FERRY_APPROVAL_STATUS_PENDING)
    return FALSE;

  g_set_error (error, FERRY_STORE_ERROR, FERRY_STORE_ERROR_NOT_PENDING,
               "Approval request %" G_GINT64_FORMAT " (%s to %s) is already %s",
               request->id, request->service, request->environment,
               ferry_approval_status_to_string (request->status));
  return TRUE;
}

static gboolean
record_decision (FerryStore  *self,
                 gpointer     data,
                 GError     **error)
{
  DecisionData *decision = data;
  g_autoptr(FerryApprovalRequest) request = NULL;
  g_autoptr(FerryApprovalDecision) earlier = NULL;
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autoptr(GError) local_error = NULL;
  FerryApprovalStatus status;

  g_clear_pointer (&decision->result, ferry_approval_request_unref);

  request = ferry_store_get_approval_request (self, decision->request_id, error);
  if (request == NULL || refuse_if_not_pending (request, error))
    return FALSE;

  earlier = _ferry_store_query_one (self, decision_from_row,
                                    (GDestroyNotify) ferry_approval_decision_unref,
                                    &local_error,
                                    DECISION_SELECT "WHERE request_id = ? AND user = ?",
                                    "is", decision->request_id, decision->user);
  if (local_error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }

  if (earlier != NULL)
    {
      g_set_error (error, FERRY_STORE_ERROR, FERRY_STORE_ERROR_ALREADY_DECIDED,
                   "%s has already %s approval request %" G_GINT64_FORMAT,
                   decision->user,
                   earlier->verdict == FERRY_VERDICT_APPROVE ? "approved" : "rejected",
                   decision->request_id);
      return FALSE;
    }

  if (!_ferry_store_exec (self, error,
                          "INSERT INTO approval_decisions (request_id, user, verdict, "
                          "  comment, time) VALUES (?, ?, ?, ?, ?)",
                          "issst",
                          decision->request_id, decision->user,
                          ferry_verdict_to_string (decision->verdict),
                          decision->comment, now))
    return FALSE;

  if (decision->verdict == FERRY_VERDICT_REJECT)
    status = FERRY_APPROVAL_STATUS_REJECTED;
  else if (request->approvals + 1 >= request->required)
    status = FERRY_APPROVAL_STATUS_APPROVED;
  else
    status = FERRY_APPROVAL_STATUS_PENDING;

  if (status != FERRY_APPROVAL_STATUS_PENDING &&
      !_ferry_store_exec (self, error,
                          "UPDATE approval_requests SET status = ?, decided_at = ? "
                          "WHERE id = ? AND status = 'pending'",
                          "sti",
                          ferry_approval_status_to_string (status), now,
                          decision->request_id))
    return FALSE;

  decision->result = ferry_store_get_approval_request (self, decision->request_id, error);

  return decision->result != NULL;
}

/**
 * ferry_store_record_decision:
 * @self: a #FerryStore
 * @request_id: a pending approval request
 * @user: who decides
 * @verdict: approve or reject
 * @comment: (nullable): what they say
 * @error: return location for a #GError
 *
 * Records @user's decision and the request's new status in one
 * transaction: a rejection rejects it, and the approval that reaches the
 * required count approves it.
 *
 * Refused with %FERRY_STORE_ERROR_ALREADY_DECIDED when @user already
 * decided on it, and %FERRY_STORE_ERROR_NOT_PENDING when it is no longer
 * pending. Whether @user may decide at all is the engine's to check first.
 *
 * Returns: (transfer full): the request as it now is (status, count of
 *   approvals), or %NULL with @error set
 */
FerryApprovalRequest *
ferry_store_record_decision (FerryStore    *self,
                             gint64         request_id,
                             const gchar   *user,
                             FerryVerdict   verdict,
                             const gchar   *comment,
                             GError       **error)
{
  DecisionData decision = { request_id, (gchar *) user, verdict, (gchar *) comment, NULL };

  g_return_val_if_fail (FERRY_IS_STORE (self), NULL);
  g_return_val_if_fail (user != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (!_ferry_store_write (self, record_decision, &decision, error))
    {
      g_clear_pointer (&decision.result, ferry_approval_request_unref);
      return NULL;
    }

  return decision.result;
}

static gpointer
record_decision_func (FerryStore    *self,
                      gpointer       data,
                      GCancellable  *cancellable,
                      GError       **error)
{
  DecisionData *decision = data;

  return ferry_store_record_decision (self, decision->request_id, decision->user,
                                      decision->verdict, decision->comment, error);
}

/**
 * ferry_store_record_decision_async:
 * @self: a #FerryStore
 * @request_id: a pending approval request
 * @user: who decides
 * @verdict: approve or reject
 * @comment: (nullable): what they say
 * @cancellable: (nullable): a #GCancellable
 * @callback: called when done
 * @user_data: data for @callback
 *
 * Runs ferry_store_record_decision() on a worker thread.
 */
void
ferry_store_record_decision_async (FerryStore          *self,
                                   gint64               request_id,
                                   const gchar         *user,
                                   FerryVerdict         verdict,
                                   const gchar         *comment,
                                   GCancellable        *cancellable,
                                   GAsyncReadyCallback  callback,
                                   gpointer             user_data)
{
  DecisionData *decision;

  g_return_if_fail (FERRY_IS_STORE (self));
  g_return_if_fail (user != NULL);

  decision = g_new0 (DecisionData, 1);
  decision->request_id = request_id;
  decision->user = g_strdup (user);
  decision->verdict = verdict;
  decision->comment = g_strdup (comment);

  _ferry_store_run_tagged_async (self, ferry_store_record_decision_async,
                                 record_decision_func, decision, decision_data_free,
                                 (GDestroyNotify) ferry_approval_request_unref,
                                 cancellable, callback, user_data);
}

/**
 * ferry_store_record_decision_finish:
 * @self: a #FerryStore
 * @result: the result given to the callback
 * @error: return location for a #GError
 *
 * Returns: (transfer full): see ferry_store_record_decision()
 */
FerryApprovalRequest *
ferry_store_record_decision_finish (FerryStore    *self,
                                    GAsyncResult  *result,
                                    GError       **error)
{
  return _ferry_store_run_tagged_finish (self, result, ferry_store_record_decision_async, error);
}

typedef struct
{
  gint64 id;
} CancelData;

static gboolean
cancel_request (FerryStore  *self,
                gpointer     data,
                GError     **error)
{
  CancelData *cancel = data;
  g_autoptr(FerryApprovalRequest) request = NULL;
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();

  request = ferry_store_get_approval_request (self, cancel->id, error);
  if (request == NULL || refuse_if_not_pending (request, error))
    return FALSE;

  return _ferry_store_exec (self, error,
                            "UPDATE approval_requests SET status = 'cancelled', "
                            "  decided_at = ? WHERE id = ? AND status = 'pending'",
                            "ti", now, cancel->id);
}

/**
 * ferry_store_cancel_approval_request:
 * @self: a #FerryStore
 * @id: a pending approval request
 * @error: return location for a #GError
 *
 * Withdraws a pending request (its plan was cancelled, or superseded).
 *
 * Returns: %TRUE on success, else %FALSE with @error set
 *   (%FERRY_STORE_ERROR_NOT_PENDING when it was already decided)
 */
gboolean
ferry_store_cancel_approval_request (FerryStore  *self,
                                     gint64       id,
                                     GError     **error)
{
  CancelData cancel = { id };

  g_return_val_if_fail (FERRY_IS_STORE (self), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  return _ferry_store_write (self, cancel_request, &cancel, error);
}
