/* test-diff.c
 *
 * Copyright 2026 The Ferry authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gstdio.h>
#include <string.h>
#include <sys/stat.h>

#include "ferry-core.h"

#include "diff-testlib.h"

/* Real repositories made with libgit2:
 *
 *   catalog  c0 (v1.0.0) ─ c1 ─ c2 ─────── m (v1.1.0, merge) ─ c3
 *                           └── s1 ──────┘
 *   cart     k0 (v0.1.0) ─ k1 ─ … ─ k30 (thirty commits on top)
 *   web      w0 (v2.0.0) ─ w1 ─ w2 (v2.1.0)
 *   pricing  (named in ferry.json, not on this computer)
 */
typedef struct
{
  gchar *root;
  gchar *workspace;
  gchar *c[4];
  gchar *s1;
  gchar *m;
  gchar *k[31];
  gchar *w[3];
} Fixture;

static const gchar *manifest =
  "{\n"
  "  \"ferry\": 1,\n"
  "  \"name\": \"Shop\",\n"
  "  \"environments\": [\n"
  "    {\"name\": \"dev\", \"target\": \"local\"},\n"
  "    {\"name\": \"uat\", \"target\": \"local\"},\n"
  "    {\"name\": \"prod\", \"target\": \"local\"}\n"
  "  ],\n"
  "  \"repos\": [\n"
  "    {\"name\": \"catalog\", \"url\": \"../repos/catalog\", \"builds\": [{\"name\": \"catalog\", \"services\": [\n"
  "      {\"name\": \"catalog-api\", \"produces\": [\"http:catalog\"],\n"
  "       \"run\": {\"command\": [\"catalog\"], \"env\": {\"LOG_LEVEL\": \"info\", \"DB_PASSWORD\": \"dev-only\", \"REGION\": \"eu\"}},\n"
  "       \"environments\": {\"uat\": {\"replicas\": 2, \"env\": {\"LOG_LEVEL\": \"warning\", \"DB_PASSWORD\": \"other\", \"CACHE\": \"on\"}}}},\n"
  "      {\"name\": \"search\", \"consumes\": [\"http:catalog\"]}]}]},\n"
  "    {\"name\": \"cart\", \"url\": \"../repos/cart\", \"builds\": [{\"name\": \"cart\", \"services\": [\n"
  "      {\"name\": \"cart-api\", \"consumes\": [\"http:catalog\"]},\n"
  "      {\"name\": \"cart-worker\", \"environments\": {\"prod\": {\"replicas\": 3}}}]}]},\n"
  "    {\"name\": \"web\", \"url\": \"../repos/web\", \"builds\": [{\"name\": \"web\", \"services\": [\n"
  "      {\"name\": \"web-ui\"}]}]},\n"
  "    {\"name\": \"pricing\", \"url\": \"../repos/pricing\", \"builds\": [{\"name\": \"pricing\", \"services\": [\n"
  "      {\"name\": \"pricing\"}]}]}\n"
  "  ]\n"
  "}\n";

#define T0 1767225600   /* 2026-01-01T00:00:00Z */

static gchar *
commit_on (const gchar *repo,
           const gchar *parent,
           const gchar *message,
           const gchar *author,
           gint64       time)
{
  const gchar *parents[] = { parent, NULL };
  g_autofree gchar *content = g_strdup_printf ("%s\n", message);

  return diff_testlib_commit (repo, parent ? parents : parents + 1, "refs/heads/main",
                              "CHANGES", content, message, author, time);
}

static void
tag (const gchar *repo,
     const gchar *commit,
     const gchar *name)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (ferry_git_tag (repo, commit, name, NULL, &error));
  g_assert_no_error (error);
}

static gchar *
make_repo (Fixture     *f,
           const gchar *name)
{
  g_autoptr(GError) error = NULL;
  gchar *path = g_build_filename (f->root, "repos", name, NULL);

  g_assert_true (ferry_git_init (path, "main", &error));
  g_assert_no_error (error);

  return path;
}

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  g_autofree gchar *catalog = NULL;
  g_autofree gchar *cart = NULL;
  g_autofree gchar *web = NULL;
  g_autofree gchar *file = NULL;

  f->root = g_build_filename (g_get_user_data_dir (), "diff", NULL);
  f->workspace = g_build_filename (f->root, "workspace", NULL);

  catalog = make_repo (f, "catalog");
  f->c[0] = commit_on (catalog, NULL, "First release", "Bo", T0);
  tag (catalog, f->c[0], "v1.0.0");
  f->c[1] = commit_on (catalog, f->c[0], "Add search", "Ana", T0 + 3600);
  {
    const gchar *parents[] = { f->c[1], NULL };
    f->s1 = diff_testlib_commit (catalog, parents, NULL, "INDEX", "fast\n",
                                 "Speed up the index", "Cy", T0 + 2 * 3600);
  }
  f->c[2] = commit_on (catalog, f->c[1], "Fix prices | rounding", "Bo", T0 + 3 * 3600);
  {
    const gchar *parents[] = { f->c[2], f->s1, NULL };
    f->m = diff_testlib_commit (catalog, parents, "refs/heads/main", "INDEX", "fast\n",
                                "Merge branch 'fast-index'", "Ana", T0 + 4 * 3600);
  }
  tag (catalog, f->m, "v1.1.0");
  f->c[3] = commit_on (catalog, f->m, "Document the API", "Bo", T0 + 5 * 3600);

  cart = make_repo (f, "cart");
  f->k[0] = commit_on (cart, NULL, "Cart", "Ana", T0);
  tag (cart, f->k[0], "v0.1.0");
  for (guint i = 1; i < G_N_ELEMENTS (f->k); i++)
    {
      g_autofree gchar *message = g_strdup_printf ("Cart change %u", i);
      f->k[i] = commit_on (cart, f->k[i - 1], message, "Ana", T0 + i * 60);
    }

  web = make_repo (f, "web");
  f->w[0] = commit_on (web, NULL, "Web", "Sam", T0);
  tag (web, f->w[0], "v2.0.0");
  f->w[1] = commit_on (web, f->w[0], "New header", "Sam", T0 + 60);
  f->w[2] = commit_on (web, f->w[1], "New footer", "Sam", T0 + 120);
  tag (web, f->w[2], "v2.1.0");

  g_assert_cmpint (g_mkdir_with_parents (f->workspace, 0700), ==, 0);
  file = g_build_filename (f->workspace, "ferry.json", NULL);
  g_assert_true (g_file_set_contents (file, manifest, -1, NULL));
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  for (guint i = 0; i < G_N_ELEMENTS (f->c); i++)
    g_free (f->c[i]);
  for (guint i = 0; i < G_N_ELEMENTS (f->k); i++)
    g_free (f->k[i]);
  for (guint i = 0; i < G_N_ELEMENTS (f->w); i++)
    g_free (f->w[i]);
  g_free (f->s1);
  g_free (f->m);
  g_free (f->workspace);
  g_free (f->root);
}

static FerryWorkspace *
load (Fixture *f)
{
  g_autoptr(GError) error = NULL;
  FerryWorkspace *ws = ferry_workspace_load (f->workspace, NULL, NULL, &error);

  g_assert_no_error (error);
  g_assert_true (ferry_workspace_is_valid (ws));

  return ws;
}

#define HEALTHY FERRY_DEPLOYMENT_STATUS_HEALTHY

/* dev runs newer versions than uat, mostly. */
static FerryStateSnapshot *
deploy_dev_and_uat (Fixture *f)
{
  g_autoptr(FerryStore) store = diff_testlib_open_store (f->workspace);

  diff_testlib_deploy (store, "catalog-api", "dev", f->m, NULL, HEALTHY);
  diff_testlib_deploy (store, "catalog-api", "uat", f->c[0], NULL, HEALTHY);
  diff_testlib_deploy (store, "search", "dev", f->m, NULL, FERRY_DEPLOYMENT_STATUS_FAILED);
  diff_testlib_deploy (store, "cart-api", "dev", f->k[30], NULL, HEALTHY);
  diff_testlib_deploy (store, "cart-api", "uat", f->k[0], NULL, HEALTHY);
  diff_testlib_deploy (store, "cart-worker", "dev", f->k[5], NULL, HEALTHY);
  diff_testlib_deploy (store, "cart-worker", "uat", f->k[5], NULL, HEALTHY);
  diff_testlib_deploy (store, "web-ui", "dev", f->w[0], NULL, HEALTHY);
  diff_testlib_deploy (store, "web-ui", "uat", f->w[2], NULL, HEALTHY);
  diff_testlib_deploy (store, "pricing", "dev", "1111111111111111111111111111111111111111", NULL, HEALTHY);
  diff_testlib_deploy (store, "pricing", "uat", "2222222222222222222222222222222222222222", NULL, HEALTHY);
  /* Deployed once, since gone from ferry.json. */
  diff_testlib_deploy (store, "legacy-api", "uat", f->k[1], NULL, HEALTHY);
  diff_testlib_deploy (store, "legacy-api", "prod", f->k[1], NULL, HEALTHY);

  return diff_testlib_load_state (store);
}

static FerryDiff *
compute (FerryWorkspace     *ws,
         FerryStateSnapshot *state,
         const gchar        *from,
         const gchar        *to,
         guint               max_commits)
{
  g_autoptr(GError) error = NULL;
  FerryDiff *diff = ferry_diff_compute (ws, state, from, to, NULL, max_commits, NULL, &error);

  g_assert_no_error (error);
  g_assert_nonnull (diff);

  return diff;
}

static FerryCommit *
commit_at (GPtrArray *commits,
           guint      index)
{
  return g_ptr_array_index (commits, index);
}

static void
test_commits (Fixture       *f,
              gconstpointer  data)
{
  g_autoptr(FerryWorkspace) ws = load (f);
  g_autoptr(FerryStateSnapshot) state = deploy_dev_and_uat (f);
  g_autoptr(FerryDiff) diff = compute (ws, state, "dev", "uat", 10);
  FerryDiffEntry *entry = ferry_diff_lookup (diff, "catalog-api");
  guint n_merges = 0;

  g_assert_cmpstr (ferry_diff_get_from (diff), ==, "dev");
  g_assert_cmpstr (ferry_diff_get_to (diff), ==, "uat");

  /* The versions on each side, tags from the repository. */
  g_assert_nonnull (entry);
  g_assert_true (entry->model == ferry_workspace_get_service (ws, "catalog-api"));
  g_assert_cmpstr (entry->repo, ==, "catalog");
  g_assert_cmpstr (entry->from_version, ==, f->m);
  g_assert_cmpstr (entry->from_tag, ==, "v1.1.0");
  g_assert_cmpstr (entry->from_status, ==, "healthy");
  g_assert_nonnull (entry->from_since);
  g_assert_cmpstr (entry->to_version, ==, f->c[0]);
  g_assert_cmpstr (entry->to_tag, ==, "v1.0.0");
  g_assert_null (entry->only_in);
  g_assert_null (entry->problem);

  /* What a promotion ships: everything reachable from v1.1.0 and not
   * from v1.0.0, the merged branch's commit included, newest first. */
  g_assert_cmpint (entry->direction, ==, FERRY_DIFF_AHEAD);
  g_assert_cmpuint (entry->n_ahead, ==, 4);
  g_assert_cmpuint (entry->n_behind, ==, 0);
  g_assert_cmpuint (entry->commits->len, ==, 4);
  g_assert_cmpuint (entry->target_commits->len, ==, 0);
  g_assert_cmpstr (commit_at (entry->commits, 0)->id, ==, f->m);
  g_assert_cmpstr (commit_at (entry->commits, 0)->subject, ==, "Merge branch 'fast-index'");
  g_assert_cmpstr (commit_at (entry->commits, 0)->author, ==, "Ana");
  g_assert_cmpint (commit_at (entry->commits, 0)->time, ==, T0 + 4 * 3600);
  g_assert_cmpstr (commit_at (entry->commits, 3)->subject, ==, "Add search");
  for (guint i = 0; i < entry->commits->len; i++)
    {
      FerryCommit *commit = commit_at (entry->commits, i);

      n_merges += commit->is_merge;
      g_assert_true (commit->is_merge == g_str_equal (commit->id, f->m));
      g_assert_cmpstr (commit->id, !=, f->c[0]);
      g_assert_cmpstr (commit->id, !=, f->c[3]);
    }
  g_assert_cmpuint (n_merges, ==, 1);
  {
    gboolean has_side = FALSE;
    for (guint i = 0; i < entry->commits->len; i++)
      has_side |= g_str_equal (commit_at (entry->commits, i)->id, f->s1);
    g_assert_true (has_side);
  }

  /* Asked for lazily, the same commits. */
  {
    g_autoptr(GError) error = NULL;
    g_autoptr(GPtrArray) again = ferry_diff_entry_read_commits (entry, FALSE, 2, &error);

    g_assert_no_error (error);
    g_assert_cmpuint (again->len, ==, 2);
    g_assert_cmpstr (commit_at (again, 0)->id, ==, f->m);
  }

  /* The same version with the same configuration on both sides. */
  g_assert_null (ferry_diff_lookup (diff, "cart-worker"));
  g_assert_cmpuint (ferry_diff_get_n_unchanged (diff), ==, 1);
}

static void
test_long (Fixture       *f,
           gconstpointer  data)
{
  g_autoptr(FerryWorkspace) ws = load (f);
  g_autoptr(FerryStateSnapshot) state = deploy_dev_and_uat (f);
  g_autoptr(FerryDiff) capped = compute (ws, state, "dev", "uat", 10);
  g_autoptr(FerryDiff) all = compute (ws, state, "dev", "uat", FERRY_DIFF_ALL_COMMITS);
  g_autoptr(FerryDiff) counted = compute (ws, state, "dev", "uat", 0);
  FerryDiffEntry *entry;

  /* Thirty commits: ten listed, all counted. */
  entry = ferry_diff_lookup (capped, "cart-api");
  g_assert_cmpint (entry->direction, ==, FERRY_DIFF_AHEAD);
  g_assert_cmpuint (entry->n_ahead, ==, 30);
  g_assert_cmpuint (entry->commits->len, ==, 10);
  g_assert_cmpstr (commit_at (entry->commits, 0)->subject, ==, "Cart change 30");
  g_assert_cmpstr (commit_at (entry->commits, 9)->subject, ==, "Cart change 21");
  g_assert_cmpstr (entry->from_tag, ==, NULL);
  g_assert_cmpstr (entry->to_tag, ==, "v0.1.0");

  entry = ferry_diff_lookup (all, "cart-api");
  g_assert_cmpuint (entry->commits->len, ==, 30);
  g_assert_cmpstr (commit_at (entry->commits, 29)->subject, ==, "Cart change 1");

  /* Counted only, as the window does before a row is expanded. */
  entry = ferry_diff_lookup (counted, "cart-api");
  g_assert_cmpuint (entry->n_ahead, ==, 30);
  g_assert_cmpuint (entry->commits->len, ==, 0);
}

static void
test_target_ahead (Fixture       *f,
                   gconstpointer  data)
{
  g_autoptr(FerryWorkspace) ws = load (f);
  g_autoptr(FerryStateSnapshot) state = deploy_dev_and_uat (f);
  g_autoptr(FerryDiff) diff = compute (ws, state, "dev", "uat", 10);
  g_autoptr(FerryDiff) back = compute (ws, state, "uat", "dev", 10);
  g_autofree gchar *text = ferry_diff_to_text (diff);
  FerryDiffEntry *entry = ferry_diff_lookup (diff, "web-ui");

  /* uat runs v2.1.0, dev the older v2.0.0: promoting dev would take two
   * commits out of uat. */
  g_assert_cmpint (entry->direction, ==, FERRY_DIFF_TARGET_AHEAD);
  g_assert_cmpuint (entry->n_ahead, ==, 0);
  g_assert_cmpuint (entry->n_behind, ==, 2);
  g_assert_cmpuint (entry->commits->len, ==, 0);
  g_assert_cmpuint (entry->target_commits->len, ==, 2);
  g_assert_cmpstr (commit_at (entry->target_commits, 0)->subject, ==, "New footer");
  g_assert_cmpstr (commit_at (entry->target_commits, 1)->subject, ==, "New header");
  g_assert_nonnull (strstr (text, "uat is ahead: 2 commits in uat not in dev, which promoting dev would take out"));

  /* The other way round it is an ordinary promotion. */
  entry = ferry_diff_lookup (back, "web-ui");
  g_assert_cmpint (entry->direction, ==, FERRY_DIFF_AHEAD);
  g_assert_cmpuint (entry->n_ahead, ==, 2);
  g_assert_cmpuint (entry->commits->len, ==, 2);
  g_assert_cmpstr (entry->from_tag, ==, "v2.1.0");
}

static void
test_diverged (Fixture       *f,
               gconstpointer  data)
{
  g_autoptr(FerryWorkspace) ws = load (f);
  g_autoptr(FerryStore) store = diff_testlib_open_store (f->workspace);
  g_autoptr(FerryStateSnapshot) state = NULL;
  g_autoptr(FerryDiff) diff = NULL;
  FerryDiffEntry *entry;

  /* uat runs main's c2, prod the side branch's s1: each has a commit the
   * other lacks. */
  diff_testlib_deploy (store, "catalog-api", "uat", f->c[2], NULL, HEALTHY);
  diff_testlib_deploy (store, "catalog-api", "prod", f->s1, NULL, HEALTHY);
  state = diff_testlib_load_state (store);

  diff = compute (ws, state, "uat", "prod", 10);
  entry = ferry_diff_lookup (diff, "catalog-api");
  g_assert_cmpint (entry->direction, ==, FERRY_DIFF_DIVERGED);
  g_assert_cmpuint (entry->n_ahead, ==, 1);
  g_assert_cmpuint (entry->n_behind, ==, 1);
  g_assert_cmpstr (commit_at (entry->commits, 0)->id, ==, f->c[2]);
  g_assert_cmpstr (commit_at (entry->target_commits, 0)->id, ==, f->s1);
}

static FerryConfigChange *
change_at (FerryDiffEntry *entry,
           guint           index)
{
  return g_ptr_array_index (entry->config, index);
}

static void
test_config (Fixture       *f,
             gconstpointer  data)
{
  g_autoptr(FerryWorkspace) ws = load (f);
  g_autoptr(FerryStateSnapshot) state = deploy_dev_and_uat (f);
  g_autoptr(FerryDiff) diff = compute (ws, state, "dev", "uat", 10);
  g_autoptr(FerryStore) store = diff_testlib_open_store (f->workspace);
  g_autoptr(FerryStateSnapshot) same = NULL;
  g_autoptr(FerryDiff) config_only = NULL;
  FerryDiffEntry *entry = ferry_diff_lookup (diff, "catalog-api");

  /* Replicas first, then the variables by name; a value that may be a
   * secret is never shown. */
  g_assert_cmpuint (entry->config->len, ==, 4);
  g_assert_cmpstr (change_at (entry, 0)->key, ==, "replicas");
  g_assert_cmpstr (change_at (entry, 0)->from, ==, "1");
  g_assert_cmpstr (change_at (entry, 0)->to, ==, "2");
  g_assert_cmpstr (change_at (entry, 1)->key, ==, "env.CACHE");
  g_assert_null (change_at (entry, 1)->from);
  g_assert_cmpstr (change_at (entry, 1)->to, ==, "on");
  g_assert_cmpstr (change_at (entry, 2)->key, ==, "env.DB_PASSWORD");
  g_assert_cmpstr (change_at (entry, 2)->from, ==, "***");
  g_assert_cmpstr (change_at (entry, 2)->to, ==, "***");
  g_assert_cmpstr (change_at (entry, 3)->key, ==, "env.LOG_LEVEL");
  g_assert_cmpstr (change_at (entry, 3)->from, ==, "info");
  g_assert_cmpstr (change_at (entry, 3)->to, ==, "warning");

  /* The same version on both sides still differs by its configuration. */
  diff_testlib_deploy (store, "cart-worker", "prod", f->k[5], NULL, HEALTHY);
  same = diff_testlib_load_state (store);
  config_only = compute (ws, same, "uat", "prod", 10);
  entry = ferry_diff_lookup (config_only, "cart-worker");
  g_assert_nonnull (entry);
  g_assert_cmpint (entry->direction, ==, FERRY_DIFF_SAME);
  g_assert_cmpuint (entry->config->len, ==, 1);
  g_assert_cmpstr (change_at (entry, 0)->key, ==, "replicas");
  g_assert_cmpstr (change_at (entry, 0)->to, ==, "3");
  g_assert_cmpuint (entry->commits->len, ==, 0);
}

static void
test_one_sided (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(FerryWorkspace) ws = load (f);
  g_autoptr(FerryStateSnapshot) state = deploy_dev_and_uat (f);
  g_autoptr(FerryDiff) diff = compute (ws, state, "dev", "uat", 10);
  g_autoptr(FerryDiff) later = compute (ws, state, "uat", "prod", 10);
  g_auto(GStrv) promotable = ferry_diff_dup_promotable (diff);
  g_autofree gchar *joined = g_strjoinv (",", promotable);
  FerryDiffEntry *entry = ferry_diff_lookup (diff, "search");
  guint n = ferry_diff_get_n_entries (diff);

  g_assert_cmpint (entry->direction, ==, FERRY_DIFF_ONE_SIDED);
  g_assert_cmpstr (entry->only_in, ==, "dev");
  g_assert_cmpstr (entry->from_status, ==, "failed");
  g_assert_null (entry->to_version);
  g_assert_null (entry->to_status);

  /* What the state still records but ferry.json no longer has comes
   * last, without a model. */
  entry = ferry_diff_get_entry (diff, n - 1);
  g_assert_cmpstr (entry->service, ==, "legacy-api");
  g_assert_null (entry->model);
  g_assert_cmpstr (entry->only_in, ==, "uat");

  /* Nothing in prod but legacy-api: the rest is only in uat. */
  g_assert_cmpint (ferry_diff_lookup (later, "web-ui")->direction, ==, FERRY_DIFF_ONE_SIDED);
  g_assert_cmpstr (ferry_diff_lookup (later, "web-ui")->only_in, ==, "uat");
  g_assert_null (ferry_diff_lookup (later, "search"));
  g_assert_null (ferry_diff_lookup (later, "legacy-api"));
  g_assert_cmpuint (ferry_diff_get_n_unchanged (later), ==, 1);

  /* What a promotion from dev would consider: the services of the
   * workspace that run something in dev that uat does not. */
  g_assert_cmpstr (joined, ==, "catalog-api,pricing,web-ui,cart-api,search");
}

static void
test_unknown_history (Fixture       *f,
                      gconstpointer  data)
{
  g_autoptr(FerryWorkspace) ws = load (f);
  g_autoptr(FerryStateSnapshot) state = deploy_dev_and_uat (f);
  g_autoptr(FerryDiff) diff = compute (ws, state, "dev", "uat", 10);
  FerryDiffEntry *entry = ferry_diff_lookup (diff, "pricing");
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) commits = NULL;

  /* The repository is not on this computer: the versions still show. */
  g_assert_cmpint (entry->direction, ==, FERRY_DIFF_UNKNOWN);
  g_assert_cmpstr (entry->problem, ==, "the repository is not available on this computer");
  g_assert_cmpstr (entry->from_version, ==, "1111111111111111111111111111111111111111");
  commits = ferry_diff_entry_read_commits (entry, FALSE, 10, &error);
  g_assert_error (error, FERRY_GIT_ERROR, FERRY_GIT_ERROR_NOT_A_REPOSITORY);
  g_assert_null (commits);
}

static void
test_errors_and_filter (Fixture       *f,
                        gconstpointer  data)
{
  g_autoptr(FerryWorkspace) ws = load (f);
  g_autoptr(FerryStateSnapshot) state = deploy_dev_and_uat (f);
  g_autoptr(GError) error = NULL;
  g_autoptr(FerryDiff) only = NULL;
  const gchar *services[] = { "web-ui", "cart-worker", NULL };
  const gchar *unknown[] = { "nope", NULL };

  g_assert_null (ferry_diff_compute (ws, state, "dev", "staging", NULL, 10, NULL, &error));
  g_assert_error (error, FERRY_DIFF_ERROR, FERRY_DIFF_ERROR_NO_SUCH_ENVIRONMENT);
  g_assert_cmpstr (error->message, ==, "no environment named “staging” in Shop");
  g_clear_error (&error);

  g_assert_null (ferry_diff_compute (ws, state, "dev", "uat", unknown, 10, NULL, &error));
  g_assert_error (error, FERRY_DIFF_ERROR, FERRY_DIFF_ERROR_NO_SUCH_SERVICE);
  g_clear_error (&error);

  /* Restricted to some services, as a plan's preview is; those gone from
   * the workspace are not listed then. */
  only = ferry_diff_compute (ws, state, "dev", "uat", services, 10, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (ferry_diff_get_n_entries (only), ==, 1);
  g_assert_cmpstr (ferry_diff_get_entry (only, 0)->service, ==, "web-ui");
  g_assert_cmpuint (ferry_diff_get_n_unchanged (only), ==, 1);
}

static void
on_computed (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  GAsyncResult **out = user_data;

  *out = g_object_ref (result);
}

static FerryDiff *
compute_async (FerryWorkspace      *ws,
               FerryStateSnapshot  *state,
               GCancellable        *cancellable,
               GError             **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  ferry_diff_compute_async (ws, state, "dev", "uat", NULL, 0, cancellable, on_computed, &result);
  while (result == NULL)
    g_main_context_iteration (NULL, TRUE);

  return ferry_diff_compute_finish (result, error);
}

static void
test_async (Fixture       *f,
            gconstpointer  data)
{
  g_autoptr(FerryWorkspace) ws = load (f);
  g_autoptr(FerryStateSnapshot) state = deploy_dev_and_uat (f);
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(FerryDiff) diff = compute_async (ws, state, NULL, &error);
  g_autoptr(FerryDiff) cancelled = NULL;

  g_assert_no_error (error);
  g_assert_cmpuint (ferry_diff_get_n_entries (diff), ==, 6);
  g_assert_cmpuint (ferry_diff_lookup (diff, "cart-api")->n_ahead, ==, 30);
  g_assert_cmpuint (ferry_diff_lookup (diff, "cart-api")->commits->len, ==, 0);

  g_cancellable_cancel (cancellable);
  cancelled = compute_async (ws, state, cancellable, &error);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_null (cancelled);
}

static void
test_formats (Fixture       *f,
              gconstpointer  data)
{
  g_autoptr(FerryWorkspace) ws = load (f);
  g_autoptr(FerryStateSnapshot) state = deploy_dev_and_uat (f);
  g_autoptr(FerryDiff) diff = compute (ws, state, "dev", "uat", 3);
  g_autoptr(JsonNode) node = ferry_diff_to_json (diff);
  g_autofree gchar *text = ferry_diff_to_text (diff);
  g_autofree gchar *markdown = ferry_diff_to_markdown (diff);
  JsonObject *root = json_node_get_object (node);
  JsonArray *services = json_object_get_array_member (root, "services");
  JsonObject *catalog = json_array_get_object_element (services, 0);
  JsonObject *commit;
  JsonObject *change;

  /* The contract: {"from","to","services":[{"name","from_version",
   * "to_version","commits":[{"id","subject","author","time"}],
   * "config":[{"key","from","to"}],"only_in"}]} */
  g_assert_cmpstr (json_object_get_string_member (root, "from"), ==, "dev");
  g_assert_cmpstr (json_object_get_string_member (root, "to"), ==, "uat");
  g_assert_cmpuint (json_array_get_length (services), ==, 6);
  g_assert_cmpstr (json_object_get_string_member (catalog, "name"), ==, "catalog-api");
  g_assert_cmpstr (json_object_get_string_member (catalog, "from_version"), ==, f->m);
  g_assert_cmpstr (json_object_get_string_member (catalog, "to_version"), ==, f->c[0]);
  g_assert_true (json_object_get_null_member (catalog, "only_in"));
  g_assert_cmpstr (json_object_get_string_member (catalog, "direction"), ==, "ahead");
  g_assert_cmpint (json_object_get_int_member (catalog, "commit_count"), ==, 4);
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (catalog, "commits")), ==, 3);
  commit = json_array_get_object_element (json_object_get_array_member (catalog, "commits"), 0);
  g_assert_cmpstr (json_object_get_string_member (commit, "id"), ==, f->m);
  g_assert_cmpstr (json_object_get_string_member (commit, "subject"), ==, "Merge branch 'fast-index'");
  g_assert_cmpstr (json_object_get_string_member (commit, "author"), ==, "Ana");
  g_assert_cmpstr (json_object_get_string_member (commit, "time"), ==, "2026-01-01T04:00:00Z");
  g_assert_true (json_object_get_boolean_member (commit, "merge"));
  change = json_array_get_object_element (json_object_get_array_member (catalog, "config"), 0);
  g_assert_cmpstr (json_object_get_string_member (change, "key"), ==, "replicas");
  g_assert_cmpstr (json_object_get_string_member (change, "from"), ==, "1");
  g_assert_cmpstr (json_object_get_string_member (change, "to"), ==, "2");

  /* Text: the counts, and what is left out of a long list. */
  g_assert_true (g_str_has_prefix (text, "dev → uat: 6 services differ, 1 the same\n"));
  g_assert_nonnull (strstr (text, "  4 commits in dev not in uat, shipped by promoting dev to uat\n"));
  g_assert_nonnull (strstr (text, "Merge branch 'fast-index'  [merge]\n"));
  g_assert_nonnull (strstr (text, "    … and 27 more\n"));
  g_assert_nonnull (strstr (text, "  only in dev\n"));
  g_assert_nonnull (strstr (text, "  no longer in the workspace\n"));
  g_assert_nonnull (strstr (text, "    replicas                 dev: 1, uat: 2\n"));

  /* Markdown: a summary table, a section per service, and text from
   * commits that cannot break either. */
  g_assert_true (g_str_has_prefix (markdown, "## dev → uat\n\n**6 services differ**, 1 the same\n"));
  g_assert_nonnull (strstr (markdown, "| service | dev | uat | commits | configuration |\n| --- | --- | --- | --- | --- |\n"));
  g_assert_nonnull (strstr (markdown, "| catalog-api | v1.1.0 (`"));
  g_assert_nonnull (strstr (markdown, "| 4 to ship | 4 changes |\n"));
  g_assert_null (strstr (markdown, "web\\-ui"));
  g_assert_nonnull (strstr (markdown, "| uat ahead by 2 | none |\n"));
  g_assert_nonnull (strstr (markdown, "\n### catalog-api\n\n**dev** v1.1.0 (`"));
  g_assert_nonnull (strstr (markdown, "- Merge branch 'fast-index' — Ana, 2026-01-01 (`"));
  g_assert_nonnull (strstr (markdown, " *merge*\n"));
  g_assert_nonnull (strstr (markdown, "- Fix prices \\| rounding — Bo, 2026-01-01 (`"));
  g_assert_nonnull (strstr (markdown, "- … and 27 more\n"));
  g_assert_nonnull (strstr (markdown, "| env.LOG\\_LEVEL | info | warning |\n"));
  g_assert_nonnull (strstr (markdown, "| env.DB\\_PASSWORD | \\*\\*\\* | \\*\\*\\* |\n"));
}

static void
test_snapshot_file (void)
{
  g_autoptr(FerryStateSnapshot) state = ferry_state_snapshot_new ();
  g_autoptr(FerryStateSnapshot) loaded = NULL;
  g_autoptr(GDateTime) since = g_date_time_new_utc (2026, 3, 4, 5, 6, 7.5);
  g_autoptr(GDateTime) taken = g_date_time_new_utc (2026, 3, 5, 0, 0, 0);
  g_autoptr(GDateTime) taken_back = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree gchar *path = ferry_state_snapshot_path_for_workspace ("shop-0123456789abcdef");
  g_autofree gchar *dir = g_path_get_dirname (path);
  g_autoptr(GPtrArray) entries = NULL;
  const FerryDeployed *deployed;
  GStatBuf st;

  g_assert_null (ferry_state_snapshot_path_for_workspace ("../escape"));
  g_assert_true (g_str_has_prefix (path, g_get_user_state_dir ()));
  g_assert_true (g_str_has_suffix (path, "/ferry/shop-0123456789abcdef/snapshot.json"));

  /* None yet. */
  g_assert_null (ferry_state_snapshot_load (path, NULL, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND);
  g_clear_error (&error);

  ferry_state_snapshot_set (state, "cart-api", "dev", "0123456789abcdef0123456789abcdef01234567",
                            "v1.0.0", "healthy", "ana@demo.test", since);
  ferry_state_snapshot_set (state, "cart-api", "prod", "89abcdef0123456789abcdef0123456789abcdef",
                            NULL, "failed", NULL, NULL);
  g_assert_true (ferry_state_snapshot_save (state, path, taken, &error));
  g_assert_no_error (error);

  /* Readable by its owner only, in a folder of its own. */
  g_assert_cmpint (g_stat (path, &st), ==, 0);
  g_assert_cmpint (st.st_mode & 0777, ==, 0600);
  g_assert_cmpint (g_stat (dir, &st), ==, 0);
  g_assert_cmpint (st.st_mode & 0777, ==, 0700);

  /* Written again, it is replaced whole: no temporary file is left. */
  g_assert_true (ferry_state_snapshot_save (state, path, taken, &error));
  {
    g_autoptr(GDir) listing = g_dir_open (dir, 0, NULL);
    g_assert_cmpstr (g_dir_read_name (listing), ==, "snapshot.json");
    g_assert_null (g_dir_read_name (listing));
  }

  loaded = ferry_state_snapshot_load (path, &taken_back, &error);
  g_assert_no_error (error);
  g_assert_true (g_date_time_equal (taken, taken_back));
  entries = ferry_state_snapshot_list (loaded);
  g_assert_cmpuint (entries->len, ==, 2);
  deployed = ferry_state_snapshot_lookup (loaded, "cart-api", "dev");
  g_assert_cmpstr (deployed->version, ==, "0123456789abcdef0123456789abcdef01234567");
  g_assert_cmpstr (deployed->tag, ==, "v1.0.0");
  g_assert_cmpstr (deployed->status, ==, "healthy");
  g_assert_cmpstr (deployed->by, ==, "ana@demo.test");
  g_assert_true (g_date_time_equal (deployed->since, since));
  deployed = ferry_state_snapshot_lookup (loaded, "cart-api", "prod");
  g_assert_null (deployed->tag);
  g_assert_null (deployed->since);
  g_assert_cmpstr (deployed->status, ==, "failed");

  /* Anything else is refused, never half read. */
  for (const gchar * const *bad = (const gchar * const[]) {
         "{", "[]", "{\"ferry_snapshot\": 2, \"taken_at\": \"2026-03-05T00:00:00Z\", \"deployments\": []}",
         "{\"ferry_snapshot\": \"1\", \"taken_at\": \"2026-03-05T00:00:00Z\", \"deployments\": []}",
         "{\"ferry_snapshot\": 1, \"taken_at\": \"yesterday\", \"deployments\": []}",
         "{\"ferry_snapshot\": 1, \"taken_at\": \"2026-03-05T00:00:00Z\", \"deployments\": [{\"service\": 1}]}",
         "{\"ferry_snapshot\": 1, \"taken_at\": \"2026-03-05T00:00:00Z\", \"deployments\": [{\"service\": \"a\", \"environment\": \"dev\"}]}",
         NULL }; *bad; bad++)
    {
      g_assert_true (g_file_set_contents (path, *bad, -1, NULL));
      g_assert_null (ferry_state_snapshot_load (path, NULL, &error));
      g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA);
      g_clear_error (&error);
    }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);
  ferry_core_init ();

#define ADD(path, func) \
  g_test_add (path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)

  ADD ("/ferry/diff/commits", test_commits);
  ADD ("/ferry/diff/long", test_long);
  ADD ("/ferry/diff/target-ahead", test_target_ahead);
  ADD ("/ferry/diff/diverged", test_diverged);
  ADD ("/ferry/diff/config", test_config);
  ADD ("/ferry/diff/one-sided", test_one_sided);
  ADD ("/ferry/diff/unknown-history", test_unknown_history);
  ADD ("/ferry/diff/errors-and-filter", test_errors_and_filter);
  ADD ("/ferry/diff/async", test_async);
  ADD ("/ferry/diff/formats", test_formats);
  g_test_add_func ("/ferry/diff/snapshot-file", test_snapshot_file);

  return g_test_run ();
}
