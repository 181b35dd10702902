/* test-core.c
 *
 * Copyright 2026 The Ferry authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <git2.h>

#include "ferry-core.h"
#include "ferry-store-types.h"

static void
test_version (void)
{
  g_assert_cmpstr (FERRY_VERSION_STRING, ==, PACKAGE_VERSION);
}

static void
test_short_id (void)
{
  g_autofree gchar *short_id = ferry_short_id ("0123456789abcdef0123456789abcdef01234567");

  g_assert_cmpstr (short_id, ==, "0123456789ab");
}

static void
on_result (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  *(GAsyncResult **)user_data = g_object_ref (result);
}

static void
test_identity_env (void)
{
  g_autofree gchar *user = NULL;
  g_autoptr(GError) error = NULL;

  g_setenv ("FERRY_USER", "  ana@acme.test ", TRUE);
  user = ferry_identity_get_user (NULL, &error);
  g_unsetenv ("FERRY_USER");

  g_assert_no_error (error);
  g_assert_cmpstr (user, ==, "ana@acme.test");
}

static gchar *
make_repo_with_email (const gchar *email)
{
  g_autofree gchar *path = g_build_filename (g_get_user_data_dir (), "identity-repo", NULL);
  git_repository *repo = NULL;
  git_config *config = NULL;

  ferry_core_init ();
  g_assert_cmpint (git_repository_init (&repo, path, FALSE), ==, 0);
  g_assert_cmpint (git_repository_config (&config, repo), ==, 0);
  if (email != NULL)
    g_assert_cmpint (git_config_set_string (config, "user.email", email), ==, 0);
  git_config_free (config);
  git_repository_free (repo);

  return g_steal_pointer (&path);
}

static void
test_identity_git (void)
{
  g_autofree gchar *path = make_repo_with_email ("rita@demo.test");
  g_autofree gchar *user = NULL;
  g_autoptr(GError) error = NULL;

  g_unsetenv ("FERRY_USER");
  user = ferry_identity_get_user (path, &error);

  g_assert_no_error (error);
  g_assert_cmpstr (user, ==, "rita@demo.test");

  /* The same, off the main thread, as the window asks. */
  {
    g_autoptr(GAsyncResult) result = NULL;
    g_autofree gchar *async_user = NULL;

    ferry_identity_get_user_async (path, NULL, on_result, &result);
    while (result == NULL)
      g_main_context_iteration (NULL, TRUE);
    async_user = ferry_identity_get_user_finish (result, &error);
    g_assert_no_error (error);
    g_assert_cmpstr (async_user, ==, "rita@demo.test");
  }

  /* Cancelled: said so, whatever git would have answered. */
  {
    g_autoptr(GCancellable) cancellable = g_cancellable_new ();
    g_autoptr(GAsyncResult) result = NULL;
    g_autofree gchar *async_user = NULL;

    g_cancellable_cancel (cancellable);
    ferry_identity_get_user_async (path, cancellable, on_result, &result);
    while (result == NULL)
      g_main_context_iteration (NULL, TRUE);
    async_user = ferry_identity_get_user_finish (result, &error);
    g_assert_null (async_user);
    g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  }
}

static void
test_identity_none (void)
{
  g_autofree gchar *user = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree gchar *empty = g_build_filename (g_get_user_data_dir (), "not-a-repo", NULL);

  /* The isolated HOME and XDG dirs hold no git configuration. */
  g_unsetenv ("FERRY_USER");
  g_setenv ("GIT_CONFIG_NOSYSTEM", "1", TRUE);
  g_mkdir_with_parents (empty, 0700);
  git_libgit2_opts (GIT_OPT_SET_SEARCH_PATH, GIT_CONFIG_LEVEL_GLOBAL, g_get_home_dir ());
  git_libgit2_opts (GIT_OPT_SET_SEARCH_PATH, GIT_CONFIG_LEVEL_XDG, g_get_user_config_dir ());
  git_libgit2_opts (GIT_OPT_SET_SEARCH_PATH, GIT_CONFIG_LEVEL_SYSTEM, empty);

  user = ferry_identity_get_user (empty, &error);

  g_assert_null (user);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND);
  g_assert_nonnull (strstr (error->message, "FERRY_USER"));
}

/* The supervisor's restarts join what runs where; a process with none, or
 * one for a service never deployed there, changes nothing. */
static void
test_state_restarts (void)
{
  g_autoptr(FerryStateSnapshot) state = ferry_state_snapshot_new ();
  g_autoptr(GPtrArray) processes = g_ptr_array_new_with_free_func ((GDestroyNotify)ferry_local_process_unref);
  FerryLocalProcess *process;
  const FerryDeployed *deployed;

  ferry_state_snapshot_set (state, "cart-api", "dev", "0123456789abcdef0123456789abcdef01234567", NULL,
                            "healthy", "ana@acme.test", NULL);
  ferry_state_snapshot_set (state, "web-ui", "dev", "0123456789abcdef0123456789abcdef01234567", NULL,
                            "healthy", "ana@acme.test", NULL);

  process = ferry_local_process_new ();
  process->service = g_strdup ("cart-api");
  process->environment = g_strdup ("dev");
  process->restarts = 3;
  process->last_exit = g_strdup ("signal 9");
  g_ptr_array_add (processes, process);

  process = ferry_local_process_new ();
  process->service = g_strdup ("web-ui");
  process->environment = g_strdup ("dev");
  g_ptr_array_add (processes, process);

  process = ferry_local_process_new ();
  process->service = g_strdup ("ghost");
  process->environment = g_strdup ("prod");
  process->restarts = 1;
  g_ptr_array_add (processes, process);

  ferry_state_snapshot_add_local_processes (state, processes);

  deployed = ferry_state_snapshot_lookup (state, "cart-api", "dev");
  g_assert_cmpuint (deployed->restarts, ==, 3);
  g_assert_cmpstr (deployed->last_exit, ==, "signal 9");
  deployed = ferry_state_snapshot_lookup (state, "web-ui", "dev");
  g_assert_cmpuint (deployed->restarts, ==, 0);
  g_assert_null (deployed->last_exit);
  g_assert_null (ferry_state_snapshot_lookup (state, "ghost", "prod"));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add_func ("/ferry/core/version", test_version);
  g_test_add_func ("/ferry/core/short-id", test_short_id);
  g_test_add_func ("/ferry/core/identity/env", test_identity_env);
  g_test_add_func ("/ferry/core/identity/git", test_identity_git);
  g_test_add_func ("/ferry/core/identity/none", test_identity_none);
  g_test_add_func ("/ferry/core/state/restarts", test_state_restarts);

  return g_test_run ();
}
