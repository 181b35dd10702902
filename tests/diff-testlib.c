/* diff-testlib.c
 *
 * Copyright 2026 The Ferry authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "ferry-test"

#include "config.h"

#include <git2.h>
#include <string.h>

#include "diff-testlib.h"

G_DEFINE_AUTOPTR_CLEANUP_FUNC (git_repository, git_repository_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (git_commit, git_commit_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (git_tree, git_tree_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (git_treebuilder, git_treebuilder_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (git_signature, git_signature_free)

/**
 * diff_testlib_commit:
 * @repo: a repository made with ferry_git_init()
 * @parents: (array zero-terminated=1): commit ids, none for a root commit;
 *   two or more make a merge
 * @update_ref: (nullable): the branch to move to the new commit, which
 *   must point at the first parent (e.g. `refs/heads/main`)
 * @file: a file at the top of the tree, written with @content
 * @content: its content
 * @message: the commit message
 * @author: the author's name (the address is made of it)
 * @time: seconds since the epoch
 *
 * Commits straight into the object database: the first parent's tree
 * with @file replaced. Fast enough to make thousands of commits.
 *
 * Returns: (transfer full): the new commit's id
 */
gchar *
diff_testlib_commit (const gchar         *repo_path,
                     const gchar * const *parents,
                     const gchar         *update_ref,
                     const gchar         *file,
                     const gchar         *content,
                     const gchar         *message,
                     const gchar         *author,
                     gint64               time)
{
  g_autoptr(git_repository) repo = NULL;
  g_autoptr(git_treebuilder) builder = NULL;
  g_autoptr(git_tree) tree = NULL;
  g_autoptr(git_signature) signature = NULL;
  g_autoptr(GPtrArray) owned = g_ptr_array_new_with_free_func ((GDestroyNotify)git_commit_free);
  g_autofree gchar *email = g_strdup_printf ("%s@test.example", author);
  git_oid blob_id, tree_id, commit_id;
  gchar id[GIT_OID_HEXSZ + 1];

  ferry_core_init ();
  g_assert_cmpint (git_repository_open (&repo, repo_path), ==, 0);

  for (guint i = 0; parents[i] != NULL; i++)
    {
      git_commit *parent = NULL;
      git_oid oid;

      g_assert_cmpint (git_oid_fromstr (&oid, parents[i]), ==, 0);
      g_assert_cmpint (git_commit_lookup (&parent, repo, &oid), ==, 0);
      g_ptr_array_add (owned, parent);
    }

  if (owned->len > 0)
    {
      g_autoptr(git_tree) base = NULL;

      g_assert_cmpint (git_commit_tree (&base, g_ptr_array_index (owned, 0)), ==, 0);
      g_assert_cmpint (git_treebuilder_new (&builder, repo, base), ==, 0);
    }
  else
    g_assert_cmpint (git_treebuilder_new (&builder, repo, NULL), ==, 0);

  g_assert_cmpint (git_blob_create_from_buffer (&blob_id, repo, content, strlen (content)), ==, 0);
  g_assert_cmpint (git_treebuilder_insert (NULL, builder, file, &blob_id, GIT_FILEMODE_BLOB), ==, 0);
  g_assert_cmpint (git_treebuilder_write (&tree_id, builder), ==, 0);
  g_assert_cmpint (git_tree_lookup (&tree, repo, &tree_id), ==, 0);
  g_assert_cmpint (git_signature_new (&signature, author, email, time, 0), ==, 0);

  g_assert_cmpint (git_commit_create (&commit_id, repo, update_ref, signature, signature, NULL, message,
                                      tree, owned->len, (const git_commit **)owned->pdata), ==, 0);

  git_oid_tostr (id, sizeof id, &commit_id);

  return g_strdup (id);
}

/* The state store of a workspace folder, as the engine and the window
 * find it. */
FerryStore *
diff_testlib_open_store (const gchar *workspace)
{
  g_autofree gchar *id = ferry_store_workspace_id (workspace);
  g_autoptr(GError) error = NULL;
  FerryStore *store = ferry_store_open (id, &error);

  g_assert_no_error (error);

  return store;
}

/* Records a deployment that went through: begun, then moved to @status.
 * @tag is what the engine found at @version, or %NULL. */
void
diff_testlib_deploy (FerryStore            *store,
                     const gchar           *service,
                     const gchar           *environment,
                     const gchar           *version,
                     const gchar           *tag,
                     FerryDeploymentStatus  status)
{
  g_autoptr(FerryDeployment) template = ferry_deployment_new ();
  g_autoptr(FerryDeployment) deployment = NULL;
  g_autoptr(GError) error = NULL;

  template->service = g_strdup (service);
  template->environment = g_strdup (environment);
  template->version = g_strdup (version);
  template->tag = g_strdup (tag);
  template->status = FERRY_DEPLOYMENT_STATUS_DEPLOYING;
  template->by = g_strdup ("ana@demo.test");
  deployment = ferry_store_begin_deployment (store, template, &error);
  g_assert_no_error (error);

  if (status != FERRY_DEPLOYMENT_STATUS_DEPLOYING)
    {
      ferry_store_update_deployment (store, deployment->id, FERRY_DEPLOYMENT_STATUS_DEPLOYING,
                                     status, NULL, NULL, &error);
      g_assert_no_error (error);
    }
}

FerryStateSnapshot *
diff_testlib_load_state (FerryStore *store)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) deployments = ferry_store_list_current_deployments (store, &error);

  g_assert_no_error (error);

  return ferry_state_snapshot_new_from_deployments (deployments);
}
