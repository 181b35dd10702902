/* ferry-demo.c
 *
 * Copyright 2026 The Ferry authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "ferry-demo"

#include "config.h"

#include <gio/gio.h>
#include <glib/gstdio.h>
#include <string.h>

#include "ferry-demo.h"
#include "ferry-git.h"

/**
 * ferry_demo_synthetic_manifest:
 * @n_services: how many services
 * @seed: the random seed: the same seed gives the same workspace
 *
 * Makes the `ferry.json` of a synthetic estate for scale tests: about
 * 8 services a repo (600 repos for 5,000 services), one or two builds a
 * repo, a team for every ten repos, three environments, and about 1.5
 * dependencies a service on services of lower tiers, so the graph is
 * about twelve layers deep. Repos have no url: their versions are
 * unknown.
 *
 * Returns: (transfer full): the manifest
 */
gchar *
ferry_demo_synthetic_manifest (guint   n_services,
                               guint32 seed)
{
  g_autoptr(GRand) rand = g_rand_new_with_seed (seed);
  GString *str = g_string_sized_new (n_services * 220 + 1024);
  guint n_repos = MAX (1, (n_services * 600 + 2500) / 5000);
  guint n_teams = MAX (1, (n_repos + 9) / 10);
  guint service = 0;

  g_string_append_printf (str,
                          "{\n"
                          "  \"ferry\": 1,\n"
                          "  \"name\": \"Synthetic estate of %u services\",\n"
                          "  \"environments\": [\n"
                          "    {\"name\": \"dev\", \"target\": \"local\"},\n"
                          "    {\"name\": \"uat\", \"target\": \"local\", \"approval\": {\"required\": 1, \"self_approval\": true}},\n"
                          "    {\"name\": \"prod\", \"target\": \"local\", \"approval\": {\"required\": 1, \"approvers\": [\"team:team-001\"]}}\n"
                          "  ],\n"
                          "  \"teams\": [\n",
                          n_services);

  for (guint t = 0; t < n_teams; t++)
    g_string_append_printf (str, "    {\"name\": \"team-%03u\", \"members\": [\"lead%u@estate.test\", \"dev%u@estate.test\"]}%s\n",
                            t + 1, t + 1, t + 1, t + 1 < n_teams ? "," : "");

  g_string_append (str, "  ],\n  \"repos\": [\n");

  for (guint r = 0; r < n_repos; r++)
    {
      /* Spread the services evenly over the repos. */
      guint end = (guint)(((guint64)(r + 1) * n_services) / n_repos);
      guint in_repo = end - service;
      guint n_builds = in_repo >= 6 && g_rand_boolean (rand) ? 2 : 1;

      g_string_append_printf (str, "    {\"name\": \"repo-%04u\", \"team\": \"team-%03u\", \"builds\": [\n",
                              r + 1, r / 10 + 1);

      for (guint b = 0; b < n_builds; b++)
        {
          guint build_end = b + 1 == n_builds ? end : service + in_repo / 2;

          g_string_append_printf (str, "      {\"name\": \"build-%u\", \"command\": [\"make\"], \"services\": [\n", b + 1);

          for (; service < build_end; service++)
            {
              /* Twelve tiers: a service depends on services of lower
               * tiers, mostly the one just below, so the graph is about
               * twelve layers deep, like a real estate. */
              guint tier_size = MAX (1, n_services / 12);
              guint tier = service / tier_size;
              guint n_deps = tier == 0 ? 0 : g_rand_int_range (rand, 0, 4);
              guint chosen[4];
              guint n_chosen = 0;

              g_string_append_printf (str, "        {\"name\": \"svc-%05u\", \"produces\": [\"http:svc-%05u\"], \"consumes\": [",
                                      service + 1, service + 1);

              for (guint d = 0; d < n_deps; d++)
                {
                  guint target = g_rand_int_range (rand, 0, 10) < 7
                                 ? (tier - 1) * tier_size + g_rand_int_range (rand, 0, tier_size)
                                 : g_rand_int_range (rand, 0, tier * tier_size);
                  gboolean again = FALSE;

                  for (guint k = 0; k < n_chosen; k++)
                    again |= chosen[k] == target;
                  if (again)
                    continue;

                  g_string_append_printf (str, "%s\"http:svc-%05u\"", n_chosen ? ", " : "", target + 1);
                  chosen[n_chosen++] = target;
                }

              g_string_append_printf (str, "]}%s\n", service + 1 < build_end ? "," : "");
            }

          g_string_append_printf (str, "      ]}%s\n", b + 1 < n_builds ? "," : "");
        }

      g_string_append_printf (str, "    ]}%s\n", r + 1 < n_repos ? "," : "");
    }

  g_string_append (str, "  ]\n}\n");

  return g_string_free (str, FALSE);
}

/**
 * ferry_demo_create_synthetic:
 * @directory: the folder to write `ferry.json` into (created when missing)
 * @n_services: how many services
 * @error: return location for a #GError
 *
 * Writes a synthetic workspace (see ferry_demo_synthetic_manifest()).
 *
 * Returns: %TRUE on success
 */
gboolean
ferry_demo_create_synthetic (const gchar  *directory,
                             guint         n_services,
                             GError      **error)
{
  g_autofree gchar *manifest = NULL;
  g_autofree gchar *path = NULL;

  g_return_val_if_fail (directory != NULL, FALSE);

  if (g_mkdir_with_parents (directory, 0755) != 0)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED, "cannot create %s", directory);
      return FALSE;
    }

  path = g_build_filename (directory, "ferry.json", NULL);
  if (g_file_test (path, G_FILE_TEST_EXISTS))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_EXISTS,
                   "%s already exists; choose an empty folder", path);
      return FALSE;
    }

  manifest = ferry_demo_synthetic_manifest (n_services, 42);

  return g_file_set_contents (path, manifest, -1, error);
}

typedef struct
{
  const gchar *name;
  const gchar *produces;         /* comma-separated */
  const gchar *consumes;         /* comma-separated */
  guint        port;
  const gchar *description;
} DemoService;

typedef struct
{
  const gchar       *name;
  const gchar       *team;
  const gchar       *author;
  const gchar       *email;
  const gchar       *versions[5];  /* tags, oldest first */
  const gchar       *failing;      /* a tag whose services fail health */
  const DemoService *services;
} DemoRepo;

static const DemoService catalog_services[] = {
  { "price-feed", "topic:prices", NULL, 8101, "Streams price changes from the suppliers" },
  { "catalog-api", "http:catalog", "topic:prices", 8102, "Products, prices and stock" },
  { "search-api", "http:search", "topic:prices", 8103, "Full-text product search" },
  { "recommendations", "http:recommendations", "topic:prices", 8104, "Suggests products to shoppers" },
  { NULL }
};

static const DemoService cart_services[] = {
  { "session-store", "redis:sessions", NULL, 8201, "Shopping sessions" },
  { "cart-api", "http:cart", "redis:sessions", 8202, "Carts and their totals" },
  { NULL }
};

static const DemoService payments_services[] = {
  { "fraud-check", "grpc:fraud", NULL, 8301, "Scores payments for fraud" },
  { "payment-gateway", "grpc:payment", "grpc:fraud", 8302, "Talks to the card networks" },
  { NULL }
};

static const DemoService storefront_services[] = {
  { "web-ui", "http:web", "http:catalog,http:search,http:recommendations,http:cart,grpc:payment", 8401, "The shop's web front end" },
  { NULL }
};

static const DemoRepo demo_repos[] = {
  { "catalog", "catalog", "Bo Lindqvist", "bo@demo.test",
    { "v1.0.0", "v1.1.0", "v1.2.0", "v1.3.0", NULL }, "v1.3.0", catalog_services },
  { "cart", "checkout", "Ana Souza", "ana@demo.test",
    { "v2.0.0", "v2.1.0", "v2.2.0", NULL }, NULL, cart_services },
  { "payments", "checkout", "Ana Souza", "ana@demo.test",
    { "v0.9.0", "v1.0.0", NULL }, NULL, payments_services },
  { "storefront", "storefront", "Sam Okafor", "sam@demo.test",
    { "v3.4.0", "v3.5.0", "v3.6.0", NULL }, NULL, storefront_services },
};

static const gchar *demo_changes[] = {
  "Add request logging",
  "Cache upstream answers for a second",
  "Handle timeouts from upstream services",
  "Expose build information on /",
  "Tune the connection pool",
  "Retry idempotent calls once",
  "Document the configuration",
};

static const gchar build_script[] =
  "#!/bin/sh\n"
  "# Builds this repository for Ferry's local target: records what was\n"
  "# built, so that the running service can say which version it is.\n"
  "set -e\n"
  "printf 'service=%s\\nversion=%s\\nenvironment=%s\\n' \"$FERRY_SERVICE\" \"$FERRY_VERSION\" \"$FERRY_ENV\" > BUILD_INFO\n";

static void
append_json_list (GString     *str,
                  const gchar *key,
                  const gchar *comma_separated)
{
  g_auto(GStrv) items = comma_separated ? g_strsplit (comma_separated, ",", -1) : g_new0 (gchar *, 1);

  g_string_append_printf (str, "\"%s\": [", key);
  for (guint i = 0; items[i]; i++)
    g_string_append_printf (str, "%s\"%s\"", i ? ", " : "", items[i]);
  g_string_append (str, "]");
}

static gboolean
create_demo_repo (const gchar     *path,
                  const DemoRepo  *repo,
                  gint64           start,
                  GError         **error)
{
  g_autofree gchar *readme = g_strdup_printf ("# %s\n\nPart of the Ferry demo shop.\n", repo->name);
  gint64 time = start;
  guint change = 0;

  if (!ferry_git_init (path, "main", error))
    return FALSE;

  for (guint v = 0; repo->versions[v]; v++)
    {
      g_autofree gchar *commit = NULL;
      g_autofree gchar *version = g_strdup_printf ("%s\n", repo->versions[v] + 1);
      g_autofree gchar *message = g_strdup_printf ("Release %s", repo->versions[v]);
      g_autofree gchar *tag_message = g_strdup_printf ("%s %s", repo->name, repo->versions[v]);
      gboolean failing = g_strcmp0 (repo->versions[v], repo->failing) == 0;

      /* A couple of ordinary changes between releases. */
      for (guint c = 0; c < 2; c++, change++)
        {
          const gchar *subject = demo_changes[(change + strlen (repo->name)) % G_N_ELEMENTS (demo_changes)];
          g_autofree gchar *notes = g_strdup_printf ("%s\n", subject);
          const gchar *files[] = { "README.md", readme, "build.sh", build_script, "CHANGES", notes, NULL };
          g_autofree gchar *id = NULL;

          time += 3600 * (5 + (change * 7) % 20);
          if (!(id = ferry_git_commit (path, files, subject, repo->author, repo->email, time, error)))
            return FALSE;
        }

      {
        /* The failing release ships a marker the demo service obeys:
         * its health check answers 503, so that rollback can be shown. */
        const gchar *files[] = { "VERSION", version,
                                 failing ? "FAIL_HEALTH" : NULL,
                                 "This release's health check fails: roll it back.\n",
                                 NULL };

        time += 3600 * 3;
        if (!(commit = ferry_git_commit (path, files, message, repo->author, repo->email, time, error)))
          return FALSE;
      }

      if (!ferry_git_tag (path, commit, repo->versions[v], tag_message, error))
        return FALSE;

      /* The next release does not ship the marker again. */
      if (failing)
        {
          g_autofree gchar *marker = g_build_filename (path, "FAIL_HEALTH", NULL);
          g_unlink (marker);
        }
    }

  /* Work after the last release: the branch head is ahead of every tag. */
  for (guint c = 0; c < 2; c++, change++)
    {
      const gchar *subject = demo_changes[(change + 3) % G_N_ELEMENTS (demo_changes)];
      g_autofree gchar *notes = g_strdup_printf ("%s (unreleased)\n", subject);
      const gchar *files[] = { "CHANGES", notes, NULL };
      g_autofree gchar *id = NULL;

      time += 3600 * 6;
      if (!(id = ferry_git_commit (path, files, subject, repo->author, repo->email, time, error)))
        return FALSE;
    }

  return TRUE;
}

static gchar *
demo_manifest (const gchar *service_command)
{
  GString *str = g_string_new (NULL);
  g_autofree gchar *command = g_strescape (service_command, NULL);

  g_string_append (str,
                   "{\n"
                   "  \"ferry\": 1,\n"
                   "  \"name\": \"Demo Shop\",\n"
                   "  \"description\": \"Nine services of a small web shop, running on this computer\",\n"
                   "  \"environments\": [\n"
                   "    {\"name\": \"dev\", \"target\": \"local\"},\n"
                   "    {\"name\": \"uat\", \"target\": \"local\", \"approval\": {\"required\": 1, \"self_approval\": true}},\n"
                   "    {\"name\": \"prod\", \"target\": \"local\",\n"
                   "     \"approval\": {\"required\": 1, \"approvers\": [\"team:release\"], \"self_approval\": false}}\n"
                   "  ],\n"
                   "  \"teams\": [\n"
                   "    {\"name\": \"catalog\", \"members\": [\"bo@demo.test\"]},\n"
                   "    {\"name\": \"checkout\", \"members\": [\"ana@demo.test\"]},\n"
                   "    {\"name\": \"storefront\", \"members\": [\"sam@demo.test\"]},\n"
                   "    {\"name\": \"release\", \"members\": [\"rita@demo.test\", \"ravi@demo.test\"]}\n"
                   "  ],\n"
                   "  \"repos\": [\n");

  for (guint r = 0; r < G_N_ELEMENTS (demo_repos); r++)
    {
      const DemoRepo *repo = &demo_repos[r];

      g_string_append_printf (str,
                              "    {\"name\": \"%s\", \"url\": \"repos/%s\", \"branch\": \"main\", \"team\": \"%s\",\n"
                              "     \"builds\": [{\"name\": \"%s\", \"command\": [\"sh\", \"build.sh\"], \"services\": [\n",
                              repo->name, repo->name, repo->team, repo->name);

      for (guint s = 0; repo->services[s].name; s++)
        {
          const DemoService *service = &repo->services[s];

          g_string_append_printf (str, "       {\"name\": \"%s\", \"description\": \"%s\",\n        ",
                                  service->name, service->description);
          append_json_list (str, "produces", service->produces);
          g_string_append (str, ", ");
          append_json_list (str, "consumes", service->consumes);
          g_string_append_printf (str,
                                  ",\n        \"run\": {\"command\": [\"%s\", \"--port\", \"${PORT}\"], \"port\": %u, \"health\": \"/healthz\",\n"
                                  "                \"env\": {\"DEMO_LOG_LEVEL\": \"info\"}},\n"
                                  "        \"environments\": {\"prod\": {\"replicas\": 2, \"env\": {\"DEMO_LOG_LEVEL\": \"warning\"}}}}%s\n",
                                  command, service->port,
                                  repo->services[s + 1].name ? "," : "");
        }

      g_string_append_printf (str, "     ]}]}%s\n", r + 1 < G_N_ELEMENTS (demo_repos) ? "," : "");
    }

  g_string_append (str, "  ]\n}\n");

  return g_string_free (str, FALSE);
}

/**
 * ferry_demo_create:
 * @directory: the folder to create the demo in; it must not exist or be
 *   empty
 * @service_command: the `ferry-demo-service` program the services run
 * @error: return location for a #GError
 *
 * Creates the demo workspace: a git repository holding `ferry.json`, and
 * four service repositories under `repos/` with real history (commits by
 * their teams, release tags, unreleased work on top; catalog's v1.3.0
 * fails its health check). Nine services in three layers, environments
 * dev, uat (one approval, self-approval allowed) and prod (one approval
 * from team:release, never the deployer's own).
 *
 * Returns: %TRUE on success
 */
gboolean
ferry_demo_create (const gchar  *directory,
                   const gchar  *service_command,
                   GError      **error)
{
  g_autoptr(GDir) dir = NULL;
  g_autofree gchar *manifest = NULL;
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  gint64 start = g_date_time_to_unix (now) - 30 * 24 * 3600;

  g_return_val_if_fail (directory != NULL, FALSE);
  g_return_val_if_fail (service_command != NULL, FALSE);

  if ((dir = g_dir_open (directory, 0, NULL)) && g_dir_read_name (dir) != NULL)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_EXISTS,
                   "%s is not empty; the demo is created in a new folder", directory);
      return FALSE;
    }

  for (guint r = 0; r < G_N_ELEMENTS (demo_repos); r++)
    {
      g_autofree gchar *path = g_build_filename (directory, "repos", demo_repos[r].name, NULL);

      if (!create_demo_repo (path, &demo_repos[r], start + r * 7200, error))
        return FALSE;
    }

  if (!ferry_git_init (directory, "main", error))
    return FALSE;

  manifest = demo_manifest (service_command);

  {
    const gchar *files[] = { "ferry.json", manifest,
                             ".gitignore", "/repos/\n",
                             NULL };
    g_autofree gchar *id = ferry_git_commit (directory, files, "Describe the demo shop",
                                             "Rita Patel", "rita@demo.test",
                                             g_date_time_to_unix (now) - 3600, error);
    return id != NULL;
  }
}

/**
 * ferry_demo_find_service_command:
 *
 * Finds the `ferry-demo-service` program: beside the running program
 * (installed), in the build tree (when run from it), else in `PATH`.
 *
 * Returns: (transfer full): its path, or its bare name when it is nowhere
 *   to be found (the local target then looks it up in `PATH` at run time)
 */
gchar *
ferry_demo_find_service_command (void)
{
  g_autofree gchar *self = g_file_read_link ("/proc/self/exe", NULL);
  g_autofree gchar *dir = self ? g_path_get_dirname (self) : NULL;
  gchar *found;

  if (dir != NULL)
    {
      const gchar *candidates[] = {
        "ferry-demo-service",
        "demo-service/ferry-demo-service",
        "../demo-service/ferry-demo-service",
      };

      for (guint i = 0; i < G_N_ELEMENTS (candidates); i++)
        {
          g_autofree gchar *path = g_build_filename (dir, candidates[i], NULL);
          g_autofree gchar *canonical = g_canonicalize_filename (path, NULL);

          if (g_file_test (canonical, G_FILE_TEST_IS_EXECUTABLE) &&
              !g_file_test (canonical, G_FILE_TEST_IS_DIR))
            return g_steal_pointer (&canonical);
        }
    }

  if ((found = g_find_program_in_path ("ferry-demo-service")))
    return found;

  return g_strdup ("ferry-demo-service");
}

static void
create_thread (GTask        *task,
               gpointer      source_object,
               gpointer      task_data,
               GCancellable *cancellable)
{
  gchar **args = task_data;
  GError *error = NULL;

  if (ferry_demo_create (args[0], args[1], &error))
    g_task_return_boolean (task, TRUE);
  else
    g_task_return_error (task, error);
}

/**
 * ferry_demo_create_async:
 * @directory: the folder to create the demo in
 * @service_command: the `ferry-demo-service` program the services run
 * @cancellable: (nullable): a #GCancellable
 * @callback: called when done
 * @user_data: data for @callback
 *
 * Does ferry_demo_create() in a worker thread.
 */
void
ferry_demo_create_async (const gchar         *directory,
                         const gchar         *service_command,
                         GCancellable        *cancellable,
                         GAsyncReadyCallback  callback,
                         gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  gchar **args;

  g_return_if_fail (directory != NULL);
  g_return_if_fail (service_command != NULL);

  args = g_new0 (gchar *, 3);
  args[0] = g_strdup (directory);
  args[1] = g_strdup (service_command);

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, ferry_demo_create_async);
  g_task_set_task_data (task, args, (GDestroyNotify)g_strfreev);
  g_task_run_in_thread (task, create_thread);
}

gboolean
ferry_demo_create_finish (GAsyncResult  *result,
                          GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}
