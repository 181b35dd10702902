/* ferry-identity.c
 *
 * Copyright 2026 The Ferry authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "ferry-identity"

#include "config.h"

#include <gio/gio.h>
#include <git2.h>

#include "ferry-identity.h"
#include "ferry-utils.h"

static gchar *
read_git_email (git_config *config)
{
  git_buf buf = GIT_BUF_INIT;
  gchar *ret = NULL;

  if (config != NULL && git_config_get_string_buf (&buf, config, "user.email") == 0)
    {
      g_autofree gchar *email = g_strstrip (g_strdup (buf.ptr));

      if (*email != '\0')
        ret = g_steal_pointer (&email);
    }

  git_buf_dispose (&buf);

  return ret;
}

/**
 * ferry_identity_get_user:
 * @repo_path: (nullable): a git repository whose configuration is consulted
 *   first, or %NULL for the user's global configuration only
 * @error: return location for a #GError
 *
 * Finds who is acting: `FERRY_USER` when set, else git's `user.email`
 * (from @repo_path's configuration, which includes the global one).
 *
 * Every deployment, approval and refusal is recorded under this name.
 *
 * Returns: (transfer full): the identity, or %NULL with @error set when
 *   none can be found.
 */
gchar *
ferry_identity_get_user (const gchar  *repo_path,
                         GError      **error)
{
  const gchar *env;
  git_config *config = NULL;
  gchar *email = NULL;

  env = g_getenv ("FERRY_USER");
  if (env != NULL && *env != '\0')
    return g_strstrip (g_strdup (env));

  ferry_core_init ();

  if (repo_path != NULL)
    {
      git_repository *repo = NULL;

      if (git_repository_open_ext (&repo, repo_path, 0, NULL) == 0)
        {
          if (git_repository_config_snapshot (&config, repo) == 0)
            email = read_git_email (config);
          git_config_free (config);
          config = NULL;
          git_repository_free (repo);
        }
    }

  if (email == NULL && git_config_open_default (&config) == 0)
    {
      git_config *snapshot = NULL;

      if (git_config_snapshot (&snapshot, config) == 0)
        email = read_git_email (snapshot);
      git_config_free (snapshot);
      git_config_free (config);
    }

  if (email == NULL)
    g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND,
                         "Nobody to act as: set FERRY_USER or git's user.email "
                         "(git config --global user.email you@example.com)");

  return email;
}

static void
get_user_thread (GTask        *task,
                 gpointer      source_object,
                 gpointer      task_data,
                 GCancellable *cancellable)
{
  GError *error = NULL;
  gchar *user = ferry_identity_get_user (task_data, &error);

  if (user == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, user, g_free);
}

/**
 * ferry_identity_get_user_async:
 * @repo_path: (nullable): as for ferry_identity_get_user()
 * @cancellable: (nullable): a #GCancellable
 * @callback: called with the identity
 * @user_data: data for @callback
 *
 * Finds who is acting, as ferry_identity_get_user() does, on a worker
 * thread: reading git's configuration touches the disk.
 */
void
ferry_identity_get_user_async (const gchar         *repo_path,
                               GCancellable        *cancellable,
                               GAsyncReadyCallback  callback,
                               gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (!cancellable || G_IS_CANCELLABLE (cancellable));

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, ferry_identity_get_user_async);
  g_task_set_task_data (task, g_strdup (repo_path), g_free);
  g_task_set_return_on_cancel (task, TRUE);
  g_task_run_in_thread (task, get_user_thread);
}

/**
 * ferry_identity_get_user_finish:
 * @result: the result given to the callback
 * @error: return location for a #GError
 *
 * Returns: (transfer full): the identity, or %NULL with @error set when
 *   none can be found or the call was cancelled
 */
gchar *
ferry_identity_get_user_finish (GAsyncResult  *result,
                                GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}
