/* test-import.c
 *
 * Copyright 2026 The Ferry authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gstdio.h>
#include <string.h>
#include <unistd.h>

#include "ferry-core.h"

#include "format-check.h"
#include "import-samples.h"

/* Every test works in a folder of its own (in the isolated folders GLib
 * removes after each test), the current folder, so that the files the
 * import names are short relative paths. */
typedef struct
{
  gchar *dir;
  gchar *previous_dir;
} Fixture;

typedef struct
{
  JsonNode *root;
  GStrv     report;
  guint     n_services;
  guint     n_dependencies;
} Result;

static void
result_clear (Result *result)
{
  g_clear_pointer (&result->root, json_node_unref);
  g_clear_pointer (&result->report, g_strfreev);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Result, result_clear)

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  fixture->previous_dir = g_get_current_dir ();
  fixture->dir = g_build_filename (g_get_user_data_dir (), "import", NULL);
  g_assert_cmpint (g_mkdir_with_parents (fixture->dir, 0755), ==, 0);
  g_assert_cmpint (g_chdir (fixture->dir), ==, 0);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  g_assert_cmpint (g_chdir (fixture->previous_dir), ==, 0);
  g_free (fixture->dir);
  g_free (fixture->previous_dir);
}

static void
write_file (const gchar *path,
            const gchar *contents)
{
  g_autofree gchar *dir = g_path_get_dirname (path);
  g_autoptr(GError) error = NULL;

  g_assert_cmpint (g_mkdir_with_parents (dir, 0755), ==, 0);
  g_file_set_contents (path, contents, -1, &error);
  g_assert_no_error (error);
}

/* Imports the files and folders named (NULL-terminated), expecting
 * success, and checks the result is valid ferry.json. */
static void
import_ok (Result      *result,
           const gchar *first,
           ...)
{
  g_autoptr(FerryImport) import = ferry_import_new ();
  g_autoptr(GError) error = NULL;
  va_list args;

  va_start (args, first);
  for (const gchar *path = first; path != NULL; path = va_arg (args, const gchar *))
    {
      g_autoptr(GFile) file = g_file_new_for_path (path);

      ferry_import_add_file (import, file);
    }
  va_end (args);

  result->root = ferry_import_run (import, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (result->root);
  result->report = g_strdupv ((gchar **)ferry_import_get_report (import));
  result->n_services = ferry_import_get_n_services (import);
  result->n_dependencies = ferry_import_get_n_dependencies (import);

  for (guint i = 0; result->report[i] != NULL; i++)
    g_test_message ("report: %s", result->report[i]);

  format_assert_valid (result->root);
  g_assert_cmpuint (format_count_services (result->root), ==, result->n_services);
}

static GError *
import_fails (const gchar *path)
{
  g_autoptr(FerryImport) import = ferry_import_new ();
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(JsonNode) root = NULL;
  GError *error = NULL;

  ferry_import_add_file (import, file);
  root = ferry_import_run (import, NULL, &error);
  g_assert_null (root);
  g_assert_nonnull (error);

  return error;
}

static JsonObject *
service (Result      *result,
         const gchar *name)
{
  JsonObject *object = format_find_service (result->root, name);

  if (object == NULL)
    g_error ("no service “%s” in the import", name);

  return object;
}

/* Whether @from depends on @to, by depends_on or by consuming an endpoint
 * @to produces. */
static gboolean
has_edge (Result      *result,
          const gchar *from,
          const gchar *to)
{
  JsonObject *consumer = service (result, from);
  JsonObject *producer = service (result, to);
  JsonArray *consumes;

  if (format_array_has (consumer, "depends_on", to))
    return TRUE;

  if (!json_object_has_member (consumer, "consumes"))
    return FALSE;

  consumes = json_object_get_array_member (consumer, "consumes");
  for (guint i = 0; i < json_array_get_length (consumes); i++)
    if (format_array_has (producer, "produces", json_array_get_string_element (consumes, i)))
      return TRUE;

  return FALSE;
}

static guint
count_edges (Result      *result,
             const gchar *from)
{
  JsonObject *consumer = service (result, from);
  g_autoptr(GHashTable) targets = g_hash_table_new (g_str_hash, g_str_equal);
  JsonArray *depends_on = json_object_get_array_member (consumer, "depends_on");

  for (guint i = 0; i < json_array_get_length (depends_on); i++)
    g_hash_table_add (targets, (gpointer)json_array_get_string_element (depends_on, i));

  if (json_object_has_member (consumer, "consumes"))
    {
      JsonArray *consumes = json_object_get_array_member (consumer, "consumes");

      for (guint i = 0; i < json_array_get_length (consumes); i++)
        g_hash_table_add (targets, strchr (json_array_get_string_element (consumes, i), ':') + 1);
    }

  return g_hash_table_size (targets);
}

static gboolean
reported (Result      *result,
          const gchar *text)
{
  for (guint i = 0; result->report[i] != NULL; i++)
    if (strstr (result->report[i], text) != NULL)
      return TRUE;

  return FALSE;
}

static const gchar *
run_env (Result      *result,
         const gchar *name,
         const gchar *key)
{
  JsonObject *object = service (result, name);
  JsonObject *run;
  JsonObject *env;

  if (!json_object_has_member (object, "run"))
    return NULL;
  run = json_object_get_object_member (object, "run");
  if (!json_object_has_member (run, "env"))
    return NULL;
  env = json_object_get_object_member (run, "env");

  return json_object_get_string_member_with_default (env, key, NULL);
}

static JsonObject *
run_of (Result      *result,
        const gchar *name)
{
  JsonObject *object = service (result, name);

  g_assert_true (json_object_has_member (object, "run"));

  return json_object_get_object_member (object, "run");
}

/* The repo, and the build in it, that hold service @name. */
static void
find_build (Result       *result,
            const gchar  *name,
            JsonObject  **repo_out,
            JsonObject  **build_out)
{
  JsonArray *repos = json_object_get_array_member (json_node_get_object (result->root), "repos");

  for (guint i = 0; i < json_array_get_length (repos); i++)
    {
      JsonObject *repo = json_array_get_object_element (repos, i);
      JsonArray *builds = json_object_get_array_member (repo, "builds");

      for (guint j = 0; j < json_array_get_length (builds); j++)
        {
          JsonObject *build = json_array_get_object_element (builds, j);
          JsonArray *services = json_object_get_array_member (build, "services");

          for (guint k = 0; k < json_array_get_length (services); k++)
            if (g_str_equal (json_object_get_string_member (json_array_get_object_element (services, k), "name"),
                             name))
              {
                *repo_out = repo;
                *build_out = build;
                return;
              }
        }
    }

  g_error ("no service “%s” in any build", name);
}

static void
test_compose_depends_on (Fixture       *fixture,
                         gconstpointer  data)
{
  g_auto(Result) result = { 0 };

  write_file ("compose.yaml",
              "services:\n"
              "  web:\n"
              "    image: acme/web\n"
              "    depends_on: [api, cache]\n"
              "  api:\n"
              "    image: acme/api\n"
              "    depends_on:\n"
              "      db:\n"
              "        condition: service_healthy\n"
              "      queue:\n"
              "        condition: service_started\n"
              "        required: false\n"
              "  worker:\n"
              "    image: acme/api\n"
              "    links: [\"db:database\", queue]\n"
              "    network_mode: \"service:api\"\n"
              "    volumes_from: [\"cache:ro\", \"container:outside\"]\n"
              "  cache: {image: redis}\n"
              "  db: {image: postgres}\n"
              "  queue: {image: rabbitmq}\n");

  import_ok (&result, "compose.yaml", NULL);

  g_assert_cmpuint (result.n_services, ==, 6);
  g_assert_true (has_edge (&result, "web", "api"));
  g_assert_true (has_edge (&result, "web", "cache"));
  g_assert_true (has_edge (&result, "api", "db"));
  g_assert_true (has_edge (&result, "api", "queue"));
  g_assert_true (has_edge (&result, "worker", "db"));
  g_assert_true (has_edge (&result, "worker", "queue"));
  g_assert_true (has_edge (&result, "worker", "api"));
  g_assert_true (has_edge (&result, "worker", "cache"));
  g_assert_cmpuint (count_edges (&result, "worker"), ==, 4);
  g_assert_cmpuint (count_edges (&result, "db"), ==, 0);
  g_assert_cmpuint (result.n_dependencies, ==, 8);
  g_assert_cmpuint (g_strv_length (result.report), ==, 0);
}

static void
test_compose_addresses (Fixture       *fixture,
                        gconstpointer  data)
{
  g_auto(Result) result = { 0 };

  write_file ("docker-compose.yml",
              "services:\n"
              "  web:\n"
              "    image: acme/web\n"
              "    environment:\n"
              "      API_URL: http://api:8000/v1\n"
              "      CART: cart:9000\n"
              "      SEARCH: ${SEARCH_HOST:-search}:9200\n"
              "      UNSET: ${SOMEWHERE}:80\n"
              "      EXTERNAL: https://api.stripe.com/v1\n"
              "      DEFAULT_EXTERNAL: ${PAY:-pay.example.com}:443\n"
              "      DB_HOST: database\n"
              "      LOG_LEVEL: info\n"
              "      SELF: http://web:80/\n"
              "  api:\n"
              "    image: acme/api\n"
              "    environment:\n"
              "      - DATABASE_URL=jdbc:postgresql://pg:5432/shop\n"
              "      - BROKERS=kafka-1:9092,kafka-2:9092\n"
              "      - MONGO=mongodb://mongo-a:27017,mongo-b:27017/app\n"
              "      - DSN=host=legacy port=5432 dbname=x\n"
              "      - PASSED_THROUGH\n"
              "  cart: {image: acme/cart}\n"
              "  search: {image: elasticsearch}\n"
              "  pg:\n"
              "    image: postgres\n"
              "    container_name: database\n"
              "  kafka-1: {image: kafka, hostname: kafka-one}\n"
              "  kafka-2: {image: kafka}\n"
              "  mongo-a:\n"
              "    image: mongo\n"
              "    networks:\n"
              "      back: {aliases: [mongo-b]}\n"
              "  legacy: {image: legacy}\n");

  import_ok (&result, "docker-compose.yml", NULL);

  /* A URL with a scheme is an endpoint; host:port a plain dependency. */
  g_assert_true (format_array_has (service (&result, "web"), "consumes", "http:api"));
  g_assert_true (format_array_has (service (&result, "api"), "produces", "http:api"));
  g_assert_true (format_array_has (service (&result, "web"), "depends_on", "cart"));
  g_assert_true (has_edge (&result, "web", "search"));
  /* container_name answers too */
  g_assert_true (has_edge (&result, "web", "pg"));
  g_assert_cmpuint (count_edges (&result, "web"), ==, 4);

  g_assert_true (format_array_has (service (&result, "api"), "consumes", "postgresql:pg"));
  g_assert_true (has_edge (&result, "api", "kafka-1"));
  g_assert_true (has_edge (&result, "api", "kafka-2"));
  g_assert_true (has_edge (&result, "api", "mongo-a"));
  g_assert_true (has_edge (&result, "api", "legacy"));
  g_assert_cmpuint (count_edges (&result, "api"), ==, 5);

  /* Values are carried over as written, variables unresolved; a
   * passed-through variable has no value to carry. */
  g_assert_cmpstr (run_env (&result, "web", "SEARCH"), ==, "${SEARCH_HOST:-search}:9200");
  g_assert_cmpstr (run_env (&result, "web", "UNSET"), ==, "${SOMEWHERE}:80");
  g_assert_cmpstr (run_env (&result, "web", "LOG_LEVEL"), ==, "info");
  g_assert_null (run_env (&result, "api", "PASSED_THROUGH"));

  g_assert_cmpuint (g_strv_length (result.report), ==, 0);
}

static void
test_compose_unresolved (Fixture       *fixture,
                         gconstpointer  data)
{
  g_auto(Result) result = { 0 };

  write_file ("compose.yaml",
              "services:\n"
              "  web:\n"
              "    image: acme/web\n"
              "    depends_on: [api, ghost]\n"
              "    links: [phantom]\n"
              "    environment:\n"
              "      - CACHE=redis:6379\n"
              "      - AUTH_URL=http://auth/login\n"
              "      - MODE=fast\n"
              "      - LOCAL=localhost:8080\n"
              "  api:\n"
              "    image: acme/api\n"
              "    extends: base\n");

  import_ok (&result, "compose.yaml", NULL);

  g_assert_true (has_edge (&result, "web", "api"));
  g_assert_cmpuint (count_edges (&result, "web"), ==, 1);

  /* Never a silent drop: every reference to what is not in the input is
   * reported, located. */
  g_assert_true (reported (&result, "compose.yaml:4:23: warning: “web” depends on “ghost”, which is not in the input"));
  g_assert_true (reported (&result, "compose.yaml:5:13: warning: “web” links to “phantom”, which is not in the input"));
  g_assert_true (reported (&result, "compose.yaml:7:9: warning: CACHE of “web” points at “redis”"));
  g_assert_true (reported (&result, "compose.yaml:8:9: warning: AUTH_URL of “web” points at “auth”"));
  g_assert_true (reported (&result, "compose.yaml:13:14: warning: “api” extends “base”, which is not in the input"));
  g_assert_false (reported (&result, "MODE"));
  g_assert_false (reported (&result, "localhost"));
  g_assert_cmpuint (g_strv_length (result.report), ==, 5);
}

static void
test_compose_merge_files (Fixture       *fixture,
                          gconstpointer  data)
{
  g_auto(Result) result = { 0 };
  JsonObject *repo;
  JsonObject *build;

  write_file ("compose.yaml",
              "name: shop\n"
              "services:\n"
              "  web:\n"
              "    image: acme/web:1.0\n"
              "    ports: [\"8080:80\"]\n"
              "    environment: {A: one, B: two}\n"
              "    depends_on: [api]\n"
              "  api: {image: acme/api}\n"
              "  db: {image: postgres}\n");
  write_file ("prod.yaml",
              "services:\n"
              "  web:\n"
              "    image: registry.acme.test/web:2.0\n"
              "    environment:\n"
              "      - B=changed\n"
              "      - C=three\n"
              "    depends_on:\n"
              "      db: {condition: service_healthy}\n"
              "  extra: {image: acme/extra}\n");

  import_ok (&result, "compose.yaml", "prod.yaml", NULL);

  g_assert_cmpstr (json_object_get_string_member (json_node_get_object (result.root), "name"), ==, "shop");
  g_assert_cmpuint (result.n_services, ==, 4);
  /* Lists add up, scalars and keys are replaced, in the order given. */
  g_assert_true (has_edge (&result, "web", "api"));
  g_assert_true (has_edge (&result, "web", "db"));
  g_assert_cmpstr (run_env (&result, "web", "A"), ==, "one");
  g_assert_cmpstr (run_env (&result, "web", "B"), ==, "changed");
  g_assert_cmpstr (run_env (&result, "web", "C"), ==, "three");
  g_assert_cmpint (json_object_get_int_member (run_of (&result, "web"), "port"), ==, 80);
  find_build (&result, "web", &repo, &build);
  g_assert_cmpstr (json_object_get_string_member (build, "image"), ==, "registry.acme.test/web");
  g_assert_nonnull (format_find_service (result.root, "extra"));
}

static void
test_compose_folder (Fixture       *fixture,
                     gconstpointer  data)
{
  g_auto(Result) result = { 0 };

  write_file ("shop/docker-compose.yml",
              "services:\n"
              "  web: {image: acme/web, depends_on: [api]}\n"
              "  api: {image: acme/api}\n");
  write_file ("shop/docker-compose.override.yml",
              "services:\n"
              "  web: {environment: {DEBUG: \"1\"}}\n"
              "  debugger: {image: acme/debug, depends_on: [web]}\n");
  /* Not read: a folder with a compose file is that compose project. */
  write_file ("shop/api/openapi.yaml", "openapi: 3.0.0\n");

  import_ok (&result, "shop", NULL);

  g_assert_cmpstr (json_object_get_string_member (json_node_get_object (result.root), "name"), ==, "shop");
  g_assert_cmpuint (result.n_services, ==, 3);
  g_assert_true (has_edge (&result, "debugger", "web"));
  g_assert_true (has_edge (&result, "web", "api"));
  g_assert_cmpstr (run_env (&result, "web", "DEBUG"), ==, "1");
  g_assert_cmpuint (g_strv_length (result.report), ==, 0);
}

static void
test_compose_anchors (Fixture       *fixture,
                      gconstpointer  data)
{
  g_auto(Result) result = { 0 };

  write_file ("compose.yaml",
              "x-defaults: &defaults\n"
              "  restart: always\n"
              "  depends_on: [db]\n"
              "  environment: &env\n"
              "    DB_URL: postgres://db:5432/app\n"
              "    LOG: info\n"
              "x-healthcheck: &health\n"
              "  test: [\"CMD-SHELL\", \"wget -q -O- http://localhost:8080/status || exit 1\"]\n"
              "services:\n"
              "  a:\n"
              "    <<: *defaults\n"
              "    image: acme/a\n"
              "    healthcheck: *health\n"
              "  b:\n"
              "    <<: *defaults\n"
              "    image: acme/b\n"
              "    environment:\n"
              "      <<: *env\n"
              "      LOG: debug\n"
              "      A_URL: http://a:8080\n"
              "  db: {image: postgres}\n");

  import_ok (&result, "compose.yaml", NULL);

  g_assert_true (has_edge (&result, "a", "db"));
  g_assert_true (has_edge (&result, "b", "db"));
  g_assert_true (has_edge (&result, "b", "a"));
  g_assert_true (format_array_has (service (&result, "b"), "consumes", "postgres:db"));
  g_assert_cmpstr (run_env (&result, "b", "LOG"), ==, "debug");
  g_assert_cmpstr (run_env (&result, "a", "LOG"), ==, "info");
  g_assert_cmpstr (json_object_get_string_member (run_of (&result, "a"), "health"), ==, "/status");
}

static void
test_compose_run (Fixture       *fixture,
                  gconstpointer  data)
{
  g_auto(Result) result = { 0 };
  JsonObject *run;
  JsonArray *command;

  write_file ("compose.yaml",
              "services:\n"
              "  web:\n"
              "    image: acme/web\n"
              "    command: bin/web --port \"8 0\" -v\n"
              "    ports:\n"
              "      - \"127.0.0.1:8080:3000/tcp\"\n"
              "      - 9000\n"
              "    healthcheck:\n"
              "      test: curl -fsS https://localhost:3000/healthz?full=1\n"
              "  api:\n"
              "    image: acme/api\n"
              "    entrypoint: [\"/entry.sh\"]\n"
              "    command: [\"serve\", \"--fast\"]\n"
              "    ports:\n"
              "      - target: 7000\n"
              "        published: 17000\n"
              "    healthcheck: {test: [\"CMD\", \"true\"]}\n"
              "  worker:\n"
              "    image: acme/worker\n"
              "    expose: [\"5000\", \"${DEBUG_PORT}\"]\n"
              "    ports: [\"${PORT}\"]\n"
              "    healthcheck: {disable: true}\n");

  import_ok (&result, "compose.yaml", NULL);

  run = run_of (&result, "web");
  command = json_object_get_array_member (run, "command");
  g_assert_cmpuint (json_array_get_length (command), ==, 4);
  g_assert_cmpstr (json_array_get_string_element (command, 0), ==, "bin/web");
  g_assert_cmpstr (json_array_get_string_element (command, 2), ==, "8 0");
  g_assert_cmpint (json_object_get_int_member (run, "port"), ==, 3000);
  g_assert_cmpstr (json_object_get_string_member (run, "health"), ==, "/healthz?full=1");

  run = run_of (&result, "api");
  command = json_object_get_array_member (run, "command");
  g_assert_cmpuint (json_array_get_length (command), ==, 3);
  g_assert_cmpstr (json_array_get_string_element (command, 0), ==, "/entry.sh");
  g_assert_cmpstr (json_array_get_string_element (command, 1), ==, "serve");
  g_assert_cmpint (json_object_get_int_member (run, "port"), ==, 7000);
  /* A health check that is not over HTTP has no place in ferry.json. */
  g_assert_false (json_object_has_member (run, "health"));

  run = run_of (&result, "worker");
  g_assert_cmpint (json_object_get_int_member (run, "port"), ==, 5000);
  g_assert_false (json_object_has_member (run, "health"));
  g_assert_true (reported (&result, "compose.yaml:20:22: warning: this port of “worker” names no container port"));
  g_assert_true (reported (&result, "compose.yaml:21:13: warning: this port of “worker” names no container port"));
  g_assert_cmpuint (g_strv_length (result.report), ==, 2);
}

static void
test_compose_grouping (Fixture       *fixture,
                       gconstpointer  data)
{
  g_auto(Result) result = { 0 };
  JsonObject *repo;
  JsonObject *build;
  JsonObject *other_repo;
  JsonObject *other_build;
  JsonArray *repos;

  write_file ("project/compose.yaml",
              "services:\n"
              "  api:\n"
              "    build: ./backend\n"
              "    image: acme/backend:1\n"
              "  worker:\n"
              "    build:\n"
              "      context: backend\n"
              "      dockerfile: Dockerfile.worker\n"
              "  scheduler:\n"
              "    image: acme/backend:2\n"
              "    command: [schedule]\n"
              "  front:\n"
              "    build: {context: ../front-repo}\n"
              "  remote:\n"
              "    build: https://github.com/acme/remote.git#stable:svc\n"
              "  db: {image: postgres:16}\n"
              "  db2: {image: bitnami/postgres@sha256:0123}\n"
              "  cache: {image: \"${REGISTRY}/redis:7\"}\n");

  import_ok (&result, "project/compose.yaml", NULL);

  /* One repo per build context, one build per Dockerfile in it. */
  find_build (&result, "api", &repo, &build);
  g_assert_cmpstr (json_object_get_string_member (repo, "name"), ==, "backend");
  g_assert_cmpstr (json_object_get_string_member (repo, "url"), ==, "project/backend");
  g_assert_cmpstr (json_object_get_string_member (build, "name"), ==, "backend");
  g_assert_cmpstr (json_object_get_string_member (build, "image"), ==, "acme/backend");
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (repo, "builds")), ==, 2);

  find_build (&result, "worker", &other_repo, &other_build);
  g_assert_true (other_repo == repo);
  g_assert_cmpstr (json_object_get_string_member (other_build, "name"), ==, "worker");

  /* An image built from a context joins that context's build. */
  find_build (&result, "scheduler", &other_repo, &other_build);
  g_assert_true (other_build == build);

  find_build (&result, "front", &repo, &build);
  g_assert_cmpstr (json_object_get_string_member (repo, "url"), ==, "front-repo");

  find_build (&result, "remote", &repo, &build);
  g_assert_cmpstr (json_object_get_string_member (repo, "name"), ==, "remote");
  g_assert_cmpstr (json_object_get_string_member (repo, "url"), ==, "https://github.com/acme/remote.git");
  g_assert_cmpstr (json_object_get_string_member (repo, "branch"), ==, "stable");

  /* Images alone make repos with no URL; names stay unique. */
  find_build (&result, "db", &repo, &build);
  g_assert_cmpstr (json_object_get_string_member (repo, "name"), ==, "postgres");
  g_assert_false (json_object_has_member (repo, "url"));
  g_assert_cmpstr (json_object_get_string_member (build, "image"), ==, "postgres");
  find_build (&result, "db2", &repo, &build);
  g_assert_cmpstr (json_object_get_string_member (repo, "name"), ==, "bitnami-postgres");
  g_assert_cmpstr (json_object_get_string_member (build, "image"), ==, "bitnami/postgres");

  /* An image that needs a variable is left out, and said so. */
  find_build (&result, "cache", &repo, &build);
  g_assert_false (json_object_has_member (build, "image"));
  g_assert_true (reported (&result, "project/compose.yaml:18:18: warning: the image of “cache” depends on a variable"));

  repos = json_object_get_array_member (json_node_get_object (result.root), "repos");
  g_assert_cmpuint (json_array_get_length (repos), ==, 6);
}

static void
test_compose_include_extends_env_file (Fixture       *fixture,
                                       gconstpointer  data)
{
  g_auto(Result) result = { 0 };

  write_file ("app/compose.yaml",
              "include:\n"
              "  - infra/compose.yaml\n"
              "services:\n"
              "  base:\n"
              "    image: acme/base\n"
              "    environment: {QUEUE_URL: \"amqp://mq:5672\"}\n"
              "    ports: [\"80\"]\n"
              "  web:\n"
              "    extends: base\n"
              "    env_file: [web.env, {path: missing.env, required: false}]\n"
              "    environment: {OVERRIDE: from-environment}\n"
              "  job:\n"
              "    extends: {file: other.yaml, service: x}\n"
              "    image: acme/job\n"
              "    env_file: absent.env\n");
  write_file ("app/infra/compose.yaml",
              "services:\n"
              "  mq: {image: rabbitmq}\n"
              "  store: {image: minio}\n");
  write_file ("app/web.env",
              "# a comment\n"
              "export STORE=http://store:9000\n"
              "OVERRIDE=from-file\n"
              "QUOTED=\"a # not a comment\"\n"
              "PLAIN=value # a comment\n"
              "\n");

  import_ok (&result, "app/compose.yaml", NULL);

  g_assert_cmpuint (result.n_services, ==, 5);
  /* From the included file, then through extends and the env_file. */
  g_assert_true (has_edge (&result, "base", "mq"));
  g_assert_true (has_edge (&result, "web", "mq"));
  g_assert_true (has_edge (&result, "web", "store"));
  g_assert_cmpint (json_object_get_int_member (run_of (&result, "web"), "port"), ==, 80);
  g_assert_cmpstr (run_env (&result, "web", "OVERRIDE"), ==, "from-environment");
  g_assert_cmpstr (run_env (&result, "web", "QUOTED"), ==, "a # not a comment");
  g_assert_cmpstr (run_env (&result, "web", "PLAIN"), ==, "value");

  g_assert_true (reported (&result, "app/compose.yaml:10:32: note: env_file “app/missing.env” cannot be read"));
  g_assert_true (reported (&result, "app/compose.yaml:13:14: warning: “job” extends a service of another file"));
  g_assert_true (reported (&result, "app/compose.yaml:15:15: warning: env_file “app/absent.env” cannot be read"));
}

/* Input that asks for unbounded work gets bounded work, and a report. */
static void
test_compose_hostile (Fixture       *fixture,
                      gconstpointer  data)
{
  g_auto(Result) result = { 0 };
  g_autoptr(GString) text = g_string_new ("services:\n  base: {image: acme/base, environment: {URL: \"http://db:80\"}}\n"
                                          "  db: {image: postgres}\n");
  g_autoptr(GString) nested = g_string_new (NULL);

  /* A chain of 200 extends (s0 extends s1 … s199 extends base), and
   * defaults nested 100000 deep. */
  for (guint i = 0; i < 200; i++)
    {
      g_autofree gchar *next = i < 199 ? g_strdup_printf ("s%u", i + 1) : g_strdup ("base");

      g_string_append_printf (text, "  s%u: {extends: %s}\n", i, next);
    }
  for (guint i = 0; i < 100000; i++)
    g_string_append (nested, "${A:-");
  g_string_append (nested, "db:5432");
  for (guint i = 0; i < 100000; i++)
    g_string_append_c (nested, '}');
  g_string_append_printf (text, "  deep: {image: acme/deep, environment: {DEEP: \"%s\"}}\n", nested->str);

  write_file ("compose.yaml", text->str);
  import_ok (&result, "compose.yaml", NULL);

  /* Resolved 64 links deep at most: s0 stops at s64, s65 at s129, s130
   * at s194; from s195 on, base is near enough. */
  g_assert_true (reported (&result, "compose.yaml:68:18: warning: “s64” ends a chain of more than 64 extends"));
  g_assert_true (reported (&result, "“s129” ends a chain"));
  g_assert_true (reported (&result, "“s194” ends a chain"));
  g_assert_false (has_edge (&result, "s0", "db"));
  g_assert_false (has_edge (&result, "s194", "db"));
  g_assert_true (has_edge (&result, "s195", "db"));
  g_assert_true (has_edge (&result, "s199", "db"));
  g_assert_false (has_edge (&result, "deep", "db"));
}

static void
test_compose_secrets (Fixture       *fixture,
                      gconstpointer  data)
{
  g_auto(Result) result = { 0 };
  g_autofree gchar *json = NULL;

  write_file ("compose.yaml",
              "services:\n"
              "  api:\n"
              "    image: acme/api\n"
              "    environment:\n"
              "      POSTGRES_PASSWORD: hunter2\n"
              "      STRIPE_API_KEY: sk_live_abc\n"
              "      DB_URL: postgres://app:s3cr3t@db:5432/app\n"
              "      FROM_ENV: ${DB_PASSWORD}\n"
              "      JWT_SECRET: \"${JWT_SECRET}\"\n"
              "      SAFE: postgres://db:5432/app\n"
              "  db: {image: postgres}\n");

  import_ok (&result, "compose.yaml", NULL);
  json = json_to_string (result.root, FALSE);

  /* The dependency is still seen, the secrets are not copied. */
  g_assert_true (has_edge (&result, "api", "db"));
  g_assert_null (strstr (json, "hunter2"));
  g_assert_null (strstr (json, "sk_live_abc"));
  g_assert_null (strstr (json, "s3cr3t"));
  g_assert_cmpstr (run_env (&result, "api", "FROM_ENV"), ==, "${DB_PASSWORD}");
  g_assert_cmpstr (run_env (&result, "api", "JWT_SECRET"), ==, "${JWT_SECRET}");
  g_assert_cmpstr (run_env (&result, "api", "SAFE"), ==, "postgres://db:5432/app");
  g_assert_true (reported (&result, "compose.yaml:5:26: warning: POSTGRES_PASSWORD of “api” looks like a secret"));
  g_assert_true (reported (&result, "STRIPE_API_KEY of “api” looks like a secret"));
  g_assert_true (reported (&result, "DB_URL of “api” looks like a secret"));

  /* Nor are they in the report. */
  for (guint i = 0; result.report[i] != NULL; i++)
    g_assert_null (strstr (result.report[i], "hunter2"));
}

static void
test_compose_cycle (Fixture       *fixture,
                    gconstpointer  data)
{
  g_auto(Result) result = { 0 };

  write_file ("compose.yaml",
              "services:\n"
              "  a:\n"
              "    image: acme/a\n"
              "    depends_on: [b]\n"
              "  b:\n"
              "    image: acme/b\n"
              "    depends_on: [c]\n"
              "  c:\n"
              "    image: acme/c\n"
              "    environment: {CALLBACK: \"http://a:80/hook\"}\n");

  /* The import's output passes the format check, so has no cycle. */
  import_ok (&result, "compose.yaml", NULL);

  /* Declared edges win; the one from the address is left out, said so. */
  g_assert_true (has_edge (&result, "a", "b"));
  g_assert_true (has_edge (&result, "b", "c"));
  g_assert_false (has_edge (&result, "c", "a"));
  g_assert_true (reported (&result, "compose.yaml:10:29: warning: “c” → “a” would close the cycle c → a → b → c"));
}

static const gchar kubernetes_app[] =
  "apiVersion: v1\n"
  "kind: Namespace\n"
  "metadata: {name: shop}\n"
  "---\n"
  "apiVersion: apps/v1\n"
  "kind: Deployment\n"
  "metadata:\n"
  "  name: frontend\n"
  "  namespace: shop\n"
  "spec:\n"
  "  replicas: 3\n"
  "  selector: {matchLabels: {app: frontend}}\n"
  "  template:\n"
  "    metadata:\n"
  "      labels: {app: frontend, tier: web}\n"
  "    spec:\n"
  "      initContainers:\n"
  "        - name: wait\n"
  "          image: busybox\n"
  "          env: [{name: WAIT_FOR, value: \"users:5000\"}]\n"
  "      containers:\n"
  "        - name: web\n"
  "          image: registry.acme.test/shop/frontend:1.4.2\n"
  "          command: [/bin/frontend]\n"
  "          args: [--port, \"8080\"]\n"
  "          ports: [{containerPort: 8080}]\n"
  "          readinessProbe: {httpGet: {path: /ready, port: 8080}}\n"
  "          env:\n"
  "            - {name: CART_ADDR, value: \"cart-svc:7070\"}\n"
  "            - {name: CATALOG_URL, value: \"http://catalog.shop.svc.cluster.local:3550/api\"}\n"
  "            - {name: AUTH, value: \"auth.shop\"}\n"
  "            - {name: REVIEWS, value: \"reviews.shop.svc\"}\n"
  "            - {name: RECO_HOST, value: \"recommend\"}\n"
  "            - {name: RECO_URL, value: \"grpc://$(RECO_HOST):9090\"}\n"
  "            - {name: EXT, value: \"https://api.stripe.com\"}\n"
  "            - {name: POD_IP, valueFrom: {fieldRef: {fieldPath: status.podIP}}}\n"
  "            - {name: TOKEN, valueFrom: {secretKeyRef: {name: s, key: t}}}\n"
  "            - {name: ADS, valueFrom: {configMapKeyRef: {name: frontend-config, key: ADS_ADDR}}}\n"
  "          envFrom:\n"
  "            - configMapRef: {name: frontend-config}\n"
  "              prefix: CFG_\n"
  "        - name: sidecar\n"
  "          image: envoy\n"
  "          env: [{name: UPSTREAM, value: \"payments:443\"}]\n"
  "---\n"
  "apiVersion: v1\n"
  "kind: ConfigMap\n"
  "metadata: {name: frontend-config, namespace: shop}\n"
  "data:\n"
  "  ADS_ADDR: ads:9555\n"
  "  SHIPPING: http://shipping:50051\n";

static const gchar kubernetes_backends[] =
  "apiVersion: v1\n"
  "kind: List\n"
  "items:\n"
  "  - apiVersion: apps/v1\n"
  "    kind: StatefulSet\n"
  "    metadata: {name: cart, namespace: shop}\n"
  "    spec:\n"
  "      replicas: 2\n"
  "      template:\n"
  "        metadata: {labels: {app: cart, version: v1}}\n"
  "        spec: {containers: [{name: cart, image: \"acme/cart@sha256:abcd\"}]}\n"
  "  - apiVersion: v1\n"
  "    kind: Service\n"
  "    metadata: {name: cart-svc, namespace: shop}\n"
  "    spec: {selector: {app: cart}, ports: [{port: 7070}]}\n"
  "---\n"
  "apiVersion: apps/v1\n"
  "kind: DaemonSet\n"
  "metadata: {name: catalog, namespace: shop}\n"
  "spec:\n"
  "  template:\n"
  "    metadata: {labels: {app: catalog}}\n"
  "    spec: {containers: [{name: c, image: \"acme/catalog:1\"}]}\n"
  "---\n"
  "apiVersion: v1\n"
  "kind: Service\n"
  "metadata: {name: catalog, namespace: shop}\n"
  "spec: {selector: {app: catalog}}\n";

static void
write_backend (const gchar *path,
               const gchar *name)
{
  g_autofree gchar *text = g_strdup_printf ("apiVersion: apps/v1\n"
                                            "kind: Deployment\n"
                                            "metadata: {name: %s, namespace: shop}\n"
                                            "spec:\n"
                                            "  template:\n"
                                            "    metadata: {labels: {app: %s}}\n"
                                            "    spec: {containers: [{name: c, image: \"acme/%s:1\"}]}\n"
                                            "---\n"
                                            "apiVersion: v1\n"
                                            "kind: Service\n"
                                            "metadata: {name: %s, namespace: shop}\n"
                                            "spec: {selector: {app: %s}}\n",
                                            name, name, name, name, name);

  write_file (path, text);
}

static void
test_kubernetes_manifests (Fixture       *fixture,
                           gconstpointer  data)
{
  g_auto(Result) result = { 0 };
  JsonObject *top;
  JsonArray *targets;
  JsonArray *environments;
  JsonObject *run;
  JsonObject *repo;
  JsonObject *build;
  static const gchar * const backends[] = {
    "auth", "reviews", "recommend", "ads", "shipping", "users", "payments",
  };

  write_file ("k8s/app.yaml", kubernetes_app);
  write_file ("k8s/backends/cart.yml", kubernetes_backends);
  for (guint i = 0; i < G_N_ELEMENTS (backends); i++)
    {
      g_autofree gchar *path = g_strdup_printf ("k8s/backends/more/%s.yaml", backends[i]);

      write_backend (path, backends[i]);
    }
  write_file ("k8s/ingress.yaml",
              "apiVersion: networking.k8s.io/v1\n"
              "kind: Ingress\n"
              "metadata: {name: web, namespace: shop}\n");
  write_file ("k8s/notes.yaml", "just: some settings\n");
  write_file ("k8s/.hidden/skip.yaml", "not: [valid\n");
  /* A linked file is read; a linked folder is not followed (here, a loop). */
  write_file ("elsewhere/users.yaml", "");
  g_assert_cmpint (g_rename ("k8s/backends/more/users.yaml", "elsewhere/users.yaml"), ==, 0);
  g_assert_cmpint (symlink ("../../../elsewhere/users.yaml", "k8s/backends/more/users.yaml"), ==, 0);
  g_assert_cmpint (symlink ("..", "k8s/backends/loop"), ==, 0);

  import_ok (&result, "k8s", NULL);

  g_assert_cmpuint (result.n_services, ==, 3 + G_N_ELEMENTS (backends));

  /* Every form of address, through the Service to its workload. */
  g_assert_true (has_edge (&result, "frontend", "cart"));            /* cart-svc:7070 */
  g_assert_true (has_edge (&result, "frontend", "catalog"));         /* URL, FQDN */
  g_assert_true (format_array_has (service (&result, "frontend"), "consumes", "http:catalog"));
  g_assert_true (has_edge (&result, "frontend", "auth"));            /* name.ns */
  g_assert_true (has_edge (&result, "frontend", "reviews"));         /* name.ns.svc */
  g_assert_true (has_edge (&result, "frontend", "recommend"));       /* name, and $(VAR) */
  g_assert_true (format_array_has (service (&result, "frontend"), "consumes", "grpc:recommend"));
  g_assert_true (has_edge (&result, "frontend", "ads"));             /* configMapKeyRef */
  g_assert_true (has_edge (&result, "frontend", "shipping"));        /* envFrom */
  g_assert_true (has_edge (&result, "frontend", "users"));           /* an init container */
  g_assert_true (has_edge (&result, "frontend", "payments"));        /* a sidecar */
  g_assert_cmpuint (count_edges (&result, "frontend"), ==, 9);
  g_assert_cmpuint (result.n_dependencies, ==, 9);

  /* The main container gives the service what it runs. */
  run = run_of (&result, "frontend");
  g_assert_cmpint (json_object_get_int_member (run, "port"), ==, 8080);
  g_assert_cmpstr (json_object_get_string_member (run, "health"), ==, "/ready");
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (run, "command")), ==, 3);
  g_assert_cmpstr (run_env (&result, "frontend", "RECO_URL"), ==, "grpc://recommend:9090");
  g_assert_cmpstr (run_env (&result, "frontend", "CFG_SHIPPING"), ==, "http://shipping:50051");
  g_assert_cmpstr (run_env (&result, "frontend", "ADS"), ==, "ads:9555");
  g_assert_null (run_env (&result, "frontend", "TOKEN"));
  g_assert_cmpint (json_object_get_int_member (json_object_get_object_member (
                     json_object_get_object_member (service (&result, "frontend"), "environments"), "prod"),
                     "replicas"), ==, 3);

  find_build (&result, "frontend", &repo, &build);
  g_assert_cmpstr (json_object_get_string_member (build, "image"), ==, "registry.acme.test/shop/frontend");
  find_build (&result, "cart", &repo, &build);
  g_assert_cmpstr (json_object_get_string_member (build, "image"), ==, "acme/cart");

  /* prod runs on Kubernetes, in the manifests' namespace. */
  top = json_node_get_object (result.root);
  targets = json_object_get_array_member (top, "targets");
  g_assert_cmpuint (json_array_get_length (targets), ==, 1);
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (targets, 0), "kind"), ==, "kubernetes");
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (targets, 0), "namespace"), ==, "shop");
  environments = json_object_get_array_member (top, "environments");
  g_assert_cmpuint (json_array_get_length (environments), ==, 3);
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (environments, 0), "name"), ==, "dev");
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (environments, 1), "name"), ==, "uat");
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (environments, 2), "target"), ==,
                   "kubernetes");

  g_assert_true (reported (&result, "note: objects with no place in ferry.json were not imported: Ingress (1)"));
  g_assert_true (reported (&result, "k8s/notes.yaml:1:1: note: neither a compose file nor a Kubernetes manifest"));
  g_assert_cmpuint (g_strv_length (result.report), ==, 2);
}

static void
test_kubernetes_unresolved (Fixture       *fixture,
                            gconstpointer  data)
{
  g_auto(Result) result = { 0 };

  write_file ("app.yaml",
              "apiVersion: apps/v1\n"
              "kind: Deployment\n"
              "metadata: {name: api}\n"
              "spec:\n"
              "  template:\n"
              "    metadata: {labels: {app: api}}\n"
              "    spec:\n"
              "      containers:\n"
              "        - name: api\n"
              "          image: acme/api\n"
              "          env:\n"
              "            - {name: DB, value: \"postgres://db:5432/x\"}\n"
              "            - {name: GHOST, value: \"ghost.default.svc.cluster.local\"}\n"
              "            - {name: WORKER, value: \"worker:8080\"}\n"
              "            - {name: ORPHAN_URL, value: \"http://orphan\"}\n"
              "            - {name: OUTSIDE, value: \"legacy:80\"}\n"
              "            - {name: MODE, value: \"fast\"}\n"
              "          envFrom: [{configMapRef: {name: missing}}, {configMapRef: {name: opt, optional: true}}]\n"
              "---\n"
              "apiVersion: apps/v1\n"
              "kind: Deployment\n"
              "metadata: {name: worker}\n"
              "spec:\n"
              "  template:\n"
              "    metadata: {labels: {app: worker}}\n"
              "    spec: {containers: [{name: w, image: acme/worker}]}\n"
              "---\n"
              "apiVersion: v1\n"
              "kind: Service\n"
              "metadata: {name: orphan}\n"
              "spec: {selector: {app: nobody}}\n"
              "---\n"
              "apiVersion: v1\n"
              "kind: Service\n"
              "metadata: {name: legacy}\n"
              "spec: {type: ExternalName, externalName: legacy.example.com, selector: null}\n"
              "---\n"
              "apiVersion: apps/v1\n"
              "kind: Deployment\n"
              "metadata: {name: patch}\n"
              "spec: {replicas: 5}\n");

  import_ok (&result, "app.yaml", NULL);

  /* Without a Service, a workload of the name is taken, and said so. */
  g_assert_true (has_edge (&result, "api", "worker"));
  g_assert_cmpuint (count_edges (&result, "api"), ==, 1);
  g_assert_cmpuint (result.n_services, ==, 2);

  g_assert_true (reported (&result, "app.yaml:12:33: warning: DB of “api” names “db”, and no Service of that name is in the input"));
  g_assert_true (reported (&result, "app.yaml:13:36: warning: GHOST of “api” names “ghost.default.svc.cluster.local”"));
  g_assert_true (reported (&result, "app.yaml:14:37: warning: WORKER of “api” names “worker”, and no Service of that name is in the input: taken to mean the workload “worker”"));
  g_assert_true (reported (&result, "app.yaml:15:41: warning: ORPHAN_URL of “api” names Service “orphan” (app.yaml:28:1), whose selector matches no workload"));
  g_assert_true (reported (&result, "app.yaml:18:21: warning: ConfigMap “missing” is not in the input"));
  g_assert_true (reported (&result, "app.yaml:38:1: warning: Deployment “patch” has no containers"));
  g_assert_false (reported (&result, "legacy"));
  g_assert_false (reported (&result, "MODE"));
  g_assert_false (reported (&result, "“opt”"));
  g_assert_cmpuint (g_strv_length (result.report), ==, 6);
}

/* Fields of the wrong shape, which Kubernetes would refuse, are reported
 * where they are and left out; the rest of the manifest still imports. */
static void
test_kubernetes_wrong_shapes (Fixture       *fixture,
                              gconstpointer  data)
{
  g_auto(Result) result = { 0 };

  write_file ("app.yaml",
              "apiVersion: v1\n"
              "kind: ConfigMap\n"
              "metadata: {name: settings}\n"
              "data: [DB_HOST, db]\n"
              "---\n"
              "apiVersion: apps/v1\n"
              "kind: Deployment\n"
              "metadata: {name: api}\n"
              "spec:\n"
              "  template:\n"
              "    metadata: {labels: {app: api}}\n"
              "    spec:\n"
              "      containers:\n"
              "        - name: api\n"
              "          image: acme/api:1.0\n"
              "          ports: {containerPort: 8080}\n"
              "          env: {name: DB_HOST, value: db}\n"
              "          envFrom: {configMapRef: {name: settings}}\n"
              "---\n"
              "apiVersion: apps/v1\n"
              "kind: Deployment\n"
              "metadata: {name: db}\n"
              "spec:\n"
              "  template:\n"
              "    metadata: {labels: {app: db}}\n"
              "    spec: {containers: [{name: db, image: postgres:16, ports: [{containerPort: 5432}]}]}\n");

  import_ok (&result, "app.yaml", NULL);

  g_assert_cmpuint (result.n_services, ==, 2);
  g_assert_cmpuint (count_edges (&result, "api"), ==, 0);
  g_assert_true (reported (&result, "app.yaml:4:7: warning: ConfigMap “settings”: data maps keys to values; ignored"));
  g_assert_true (reported (&result, "app.yaml:16:18: warning: ports takes a list; ignored"));
  g_assert_true (reported (&result, "app.yaml:17:16: warning: env takes a list; ignored"));
  g_assert_true (reported (&result, "app.yaml:18:20: warning: envFrom takes a list; ignored"));
  g_assert_cmpuint (g_strv_length (result.report), ==, 4);
}

static void
test_kubernetes_namespaces (Fixture       *fixture,
                            gconstpointer  data)
{
  g_auto(Result) result = { 0 };
  JsonObject *top;
  JsonArray *targets;

  write_file ("a.yaml",
              "apiVersion: apps/v1\n"
              "kind: Deployment\n"
              "metadata: {name: api, namespace: core}\n"
              "spec:\n"
              "  template:\n"
              "    metadata: {labels: {app: api}}\n"
              "    spec:\n"
              "      containers:\n"
              "        - {name: c, image: acme/api, env: [{name: BILLING, value: \"billing.money:80\"}]}\n"
              "---\n"
              "apiVersion: apps/v1\n"
              "kind: Deployment\n"
              "metadata: {name: users, namespace: core}\n"
              "spec:\n"
              "  template:\n"
              "    metadata: {labels: {app: users}}\n"
              "    spec: {containers: [{name: c, image: acme/users}]}\n"
              "---\n"
              "apiVersion: apps/v1\n"
              "kind: Deployment\n"
              "metadata: {name: billing, namespace: money}\n"
              "spec:\n"
              "  template:\n"
              "    metadata: {labels: {app: billing}}\n"
              "    spec: {containers: [{name: c, image: acme/billing}]}\n"
              "---\n"
              "apiVersion: v1\n"
              "kind: Service\n"
              "metadata: {name: billing, namespace: money}\n"
              "spec: {selector: {app: billing}}\n"
              "---\n"
              "apiVersion: v1\n"
              "kind: Service\n"
              "metadata: {name: billing, namespace: core}\n"
              "spec: {selector: {app: billing}}\n");

  import_ok (&result, "a.yaml", NULL);

  /* A Service selects workloads of its own namespace only. */
  g_assert_true (has_edge (&result, "api", "billing"));
  g_assert_false (reported (&result, "whose selector matches no workload"));

  top = json_node_get_object (result.root);
  targets = json_object_get_array_member (top, "targets");
  g_assert_cmpuint (json_array_get_length (targets), ==, 2);
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (targets, 0), "name"), ==, "k8s-core");
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (targets, 1), "namespace"), ==, "money");
  g_assert_cmpstr (json_object_get_string_member (
                     json_array_get_object_element (json_object_get_array_member (top, "environments"), 2), "target"),
                   ==, "k8s-core");
  g_assert_true (reported (&result, "note: the workloads are in several namespaces (core, money): prod targets “k8s-core”"));
}

static void
test_compose_and_kubernetes (Fixture       *fixture,
                             gconstpointer  data)
{
  g_auto(Result) result = { 0 };
  JsonObject *repo;
  JsonObject *build;

  write_file ("compose.yaml",
              "services:\n"
              "  web:\n"
              "    build: ./web\n"
              "    image: acme/web\n"
              "    depends_on: [api]\n"
              "  api: {build: ./api, image: acme/api}\n");
  write_file ("deploy/web.yaml",
              "apiVersion: apps/v1\n"
              "kind: Deployment\n"
              "metadata: {name: web}\n"
              "spec:\n"
              "  replicas: 4\n"
              "  template:\n"
              "    metadata: {labels: {app: web}}\n"
              "    spec:\n"
              "      containers:\n"
              "        - {name: web, image: \"acme/web:9\", env: [{name: SEARCH, value: \"search:9200\"}]}\n"
              "---\n"
              "apiVersion: apps/v1\n"
              "kind: Deployment\n"
              "metadata: {name: search}\n"
              "spec:\n"
              "  template:\n"
              "    metadata: {labels: {app: search}}\n"
              "    spec: {containers: [{name: s, image: \"acme/web:9\"}]}\n"
              "---\n"
              "apiVersion: v1\n"
              "kind: Service\n"
              "metadata: {name: search}\n"
              "spec: {selector: {app: search}}\n");

  import_ok (&result, "compose.yaml", "deploy", NULL);

  /* The same name in both is one service, with the edges of both. */
  g_assert_cmpuint (result.n_services, ==, 3);
  g_assert_true (has_edge (&result, "web", "api"));
  g_assert_true (has_edge (&result, "web", "search"));
  /* The workload shares the image the compose file builds. */
  find_build (&result, "search", &repo, &build);
  g_assert_cmpstr (json_object_get_string_member (repo, "url"), ==, "web");
  g_assert_cmpint (json_object_get_int_member (json_object_get_object_member (
                     json_object_get_object_member (service (&result, "web"), "environments"), "prod"),
                     "replicas"), ==, 4);
  g_assert_cmpuint (g_strv_length (result.report), ==, 0);
}

static void
assert_import_error (const gchar *path,
                     const gchar *contents,
                     GQuark       domain,
                     gint         code,
                     const gchar *message)
{
  g_autoptr(GError) error = NULL;

  if (contents != NULL)
    write_file (path, contents);

  error = import_fails (path);
  g_assert_error (error, domain, code);
  g_assert_cmpstr (error->message, ==, message);
}

static void
test_errors (Fixture       *fixture,
             gconstpointer  data)
{
  assert_import_error ("broken.yaml", "services:\n  web:\n    image: [unclosed\n",
                       FERRY_YAML_ERROR, FERRY_YAML_ERROR_SYNTAX,
                       "broken.yaml:4:1: error: did not find expected ',' or ']' "
                       "(while parsing a flow sequence that started at line 3, column 12)");
  assert_import_error ("other.yaml", "name: not a compose file\n",
                       FERRY_IMPORT_ERROR, FERRY_IMPORT_ERROR_UNSUPPORTED,
                       "other.yaml:1:1: error: neither a compose file (services:) nor a Kubernetes manifest "
                       "(apiVersion:, kind:)");
  assert_import_error ("list.yaml", "services: [web, api]\n",
                       FERRY_IMPORT_ERROR, FERRY_IMPORT_ERROR_INVALID,
                       "list.yaml:1:11: error: services maps service names to their definitions");
  assert_import_error ("service.yaml", "services:\n  web: nginx\n",
                       FERRY_IMPORT_ERROR, FERRY_IMPORT_ERROR_INVALID,
                       "service.yaml:2:8: error: service “web” must be a mapping");
  assert_import_error ("deps.yaml", "services:\n  web:\n    depends_on: {db: yes}\n",
                       FERRY_IMPORT_ERROR, FERRY_IMPORT_ERROR_INVALID,
                       "deps.yaml:3:22: error: a dependency takes a mapping (condition:, required:, restart:)");
  assert_import_error ("env.yaml", "services:\n  web:\n    environment: {A: [1]}\n",
                       FERRY_IMPORT_ERROR, FERRY_IMPORT_ERROR_INVALID,
                       "env.yaml:3:22: error: environment maps names to strings");
  assert_import_error ("entry.yaml", "services:\n  web:\n    environment: [\"\", A=1]\n",
                       FERRY_IMPORT_ERROR, FERRY_IMPORT_ERROR_INVALID,
                       "entry.yaml:3:19: error: an environment entry is NAME=VALUE");
  assert_import_error ("links.yaml", "services:\n  web:\n    links: [\"\"]\n",
                       FERRY_IMPORT_ERROR, FERRY_IMPORT_ERROR_INVALID,
                       "links.yaml:3:13: error: a link names a service (SERVICE or SERVICE:ALIAS)");
  assert_import_error ("volumes.yaml", "services:\n  web:\n    volumes_from: [\"service:\"]\n",
                       FERRY_IMPORT_ERROR, FERRY_IMPORT_ERROR_INVALID,
                       "volumes.yaml:3:20: error: volumes_from names a service (SERVICE[:ro])");
  assert_import_error ("command.yaml", "services:\n  web:\n    command: \"unbalanced 'quote\"\n",
                       FERRY_IMPORT_ERROR, FERRY_IMPORT_ERROR_INVALID,
                       "command.yaml:3:14: error: command cannot be split into words: "
                       "Text ended before matching quote was found for '. (The text was “unbalanced 'quote”)");
  assert_import_error ("include.yaml", "include: [include.yaml]\nservices: {}\n",
                       FERRY_IMPORT_ERROR, FERRY_IMPORT_ERROR_INVALID,
                       "include.yaml:1:11: error: “include.yaml” is included again, in a loop");
  assert_import_error ("nameless.yaml", "apiVersion: apps/v1\nkind: Deployment\nmetadata: {}\n",
                       FERRY_IMPORT_ERROR, FERRY_IMPORT_ERROR_INVALID,
                       "nameless.yaml:1:1: error: this Deployment has no name (metadata.name)");
  assert_import_error ("containers.yaml",
                       "apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: x}\n"
                       "spec: {template: {spec: {containers: {a: b}}}}\n",
                       FERRY_IMPORT_ERROR, FERRY_IMPORT_ERROR_INVALID,
                       "containers.yaml:4:38: error: containers takes a list of containers");
  assert_import_error ("selector.yaml", "apiVersion: v1\nkind: Service\nmetadata: {name: s}\nspec: {selector: [a]}\n",
                       FERRY_IMPORT_ERROR, FERRY_IMPORT_ERROR_INVALID,
                       "selector.yaml:4:18: error: a Service's selector maps labels to values");
  assert_import_error ("empty.yaml", "services: {}\n",
                       FERRY_IMPORT_ERROR, FERRY_IMPORT_ERROR_NO_SERVICES,
                       "error: the input holds no compose service and no Deployment, StatefulSet or DaemonSet");
}

static void
test_helm_and_missing (Fixture       *fixture,
                       gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  write_file ("chart/Chart.yaml", "apiVersion: v2\nname: shop\n");
  write_file ("chart/templates/deployment.yaml", "metadata:\n  name: {{ .Release.Name }}\n");

  error = import_fails ("chart");
  g_assert_error (error, FERRY_IMPORT_ERROR, FERRY_IMPORT_ERROR_UNSUPPORTED);
  g_assert_cmpstr (error->message, ==, "chart: error: this is a Helm chart, whose templates are not YAML yet: "
                                       "import what `helm template` renders of it");
  g_clear_error (&error);

  error = import_fails ("nowhere.yaml");
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND);
  g_assert_cmpstr (error->message, ==, "nowhere.yaml: error: no such file or folder");
  g_clear_error (&error);

  write_file ("laughs.yaml",
              "a: &a [x, x, x, x, x, x, x, x, x, x]\n"
              "b: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a, *a]\n"
              "c: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b, *b]\n"
              "d: &d [*c, *c, *c, *c, *c, *c, *c, *c, *c, *c]\n"
              "e: &e [*d, *d, *d, *d, *d, *d, *d, *d, *d, *d]\n"
              "f: &f [*e, *e, *e, *e, *e, *e, *e, *e, *e, *e]\n"
              "g: &g [*f, *f, *f, *f, *f, *f, *f, *f, *f, *f]\n"
              "services: {web: {environment: *g}}\n");
  error = import_fails ("laughs.yaml");
  g_assert_error (error, FERRY_YAML_ERROR, FERRY_YAML_ERROR_EXPANSION);
}

/* Every dependency of the samples is in the import, and no other. */
static void
assert_sample_edges (Result      *result,
                     const gchar *prefix,
                     guint        n)
{
  guint expected = 0;

  g_assert_cmpuint (result->n_services, ==, n);
  for (guint i = 1; i < n; i++)
    {
      g_autofree gchar *name = g_strdup_printf ("%s-%03u", prefix, i);
      g_autoptr(GHashTable) targets = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);

      for (guint k = 0; k < import_sample_n_picks (i); k++)
        {
          g_autofree gchar *target = g_strdup_printf ("%s-%03u", prefix, import_sample_pick (i, k));

          g_assert_true (has_edge (result, name, target));
          g_hash_table_add (targets, g_steal_pointer (&target));
        }

      g_assert_cmpuint (count_edges (result, name), ==, g_hash_table_size (targets));
      expected += g_hash_table_size (targets);
    }

  g_assert_cmpuint (result->n_dependencies, ==, expected);
  g_assert_cmpuint (g_strv_length (result->report), ==, 0);
}

static void
test_large_compose (Fixture       *fixture,
                    gconstpointer  data)
{
  g_auto(Result) result = { 0 };
  g_autofree gchar *text = import_sample_compose (300);

  write_file ("compose.yaml", text);
  import_ok (&result, "compose.yaml", NULL);
  assert_sample_edges (&result, "svc", 300);
}

static void
test_large_kubernetes (Fixture       *fixture,
                       gconstpointer  data)
{
  g_auto(Result) result = { 0 };
  g_autofree gchar *text = import_sample_kubernetes (300);

  write_file ("big.yaml", text);
  import_ok (&result, "big.yaml", NULL);
  assert_sample_edges (&result, "wl", 300);
}

/* One service's complete list of dependencies, NULL-terminated. */
typedef struct
{
  const gchar *from;
  const gchar *to[16];
} Expected;

/* @result has exactly the dependencies @expected lists (services not
 * listed have none), and @n_services services. */
static void
assert_graph (Result         *result,
              const Expected *expected,
              guint           n_expected,
              guint           n_services)
{
  guint total = 0;
  JsonArray *repos = json_object_get_array_member (json_node_get_object (result->root), "repos");

  g_assert_cmpuint (result->n_services, ==, n_services);

  for (guint i = 0; i < n_expected; i++)
    {
      guint n = 0;

      for (; expected[i].to[n] != NULL; n++)
        if (!has_edge (result, expected[i].from, expected[i].to[n]))
          g_error ("“%s” does not depend on “%s”", expected[i].from, expected[i].to[n]);

      g_assert_cmpuint (count_edges (result, expected[i].from), ==, n);
      total += n;
    }

  /* Nobody else depends on anything. */
  for (guint i = 0; i < json_array_get_length (repos); i++)
    {
      JsonArray *builds = json_object_get_array_member (json_array_get_object_element (repos, i), "builds");

      for (guint j = 0; j < json_array_get_length (builds); j++)
        {
          JsonArray *services = json_object_get_array_member (json_array_get_object_element (builds, j), "services");

          for (guint k = 0; k < json_array_get_length (services); k++)
            {
              const gchar *name = json_object_get_string_member (json_array_get_object_element (services, k), "name");
              gboolean listed = FALSE;

              for (guint e = 0; e < n_expected; e++)
                listed |= g_str_equal (expected[e].from, name);
              if (!listed)
                g_assert_cmpuint (count_edges (result, name), ==, 0);
            }
        }
    }

  g_assert_cmpuint (result->n_dependencies, ==, total);
}

static void
test_real_world_kubernetes (Fixture       *fixture,
                            gconstpointer  data)
{
  g_auto(Result) result = { 0 };
  g_autofree gchar *dir = g_test_build_filename (G_TEST_DIST, "data", "import", "boutique", NULL);
  static const Expected expected[] = {
    { "frontend", { "productcatalog", "currency", "cart", "recommendation", "shipping", "checkout", "ad" } },
    { "checkout", { "productcatalog", "shipping", "payment", "email", "currency", "cart" } },
    { "recommendation", { "productcatalog" } },
    { "cart", { "redis-cart" } },
    { "shipping", { "quote" } },
    { "ad", { "redis-cart" } },
    { "loadgenerator", { "frontend" } },
    { "log-shipper", { "node-exporter" } },
  };

  import_ok (&result, dir, NULL);

  assert_graph (&result, expected, G_N_ELEMENTS (expected), 15);
  g_assert_true (format_array_has (service (&result, "shipping"), "consumes", "http:quote"));
  g_assert_true (format_array_has (service (&result, "ad"), "consumes", "redis:redis-cart"));
  g_assert_cmpstr (json_object_get_string_member (run_of (&result, "frontend"), "health"), ==, "/_healthz");
  g_assert_true (reported (&result, "note: objects with no place in ferry.json were not imported: Ingress (1)"));
  g_assert_cmpuint (g_strv_length (result.report), ==, 1);
}

static void
test_real_world_compose (Fixture       *fixture,
                         gconstpointer  data)
{
  g_auto(Result) result = { 0 };
  g_autofree gchar *dir = g_test_build_filename (G_TEST_DIST, "data", "import", "platform", NULL);
  JsonObject *repo;
  JsonObject *build;
  JsonObject *other_repo;
  JsonObject *other_build;
  static const Expected expected[] = {
    { "gateway", { "web", "api", "auth" } },
    { "web", { "api", "auth", "jaeger", "statsd-exporter" } },
    { "api", { "jaeger", "statsd-exporter", "api-db", "cache", "search", "rabbitmq", "kafka-1", "kafka-2",
               "objects", "auth", "billing", "mail", "flags" } },
    { "api-migrate", { "api-db" } },
    { "worker", { "jaeger", "statsd-exporter", "api-db", "rabbitmq", "cache" } },
    { "scheduler", { "jaeger", "statsd-exporter", "api-db", "rabbitmq", "cache" } },
    { "billing", { "jaeger", "statsd-exporter", "billing-db", "kafka-1" } },
    { "notifier", { "kafka-1", "kafka-2", "mail", "objects" } },
    { "auth", { "auth-db" } },
    { "kafka-1", { "zookeeper" } },
    { "kafka-2", { "zookeeper" } },
    { "kibana", { "search" } },
    { "prometheus", { "statsd-exporter" } },
    { "grafana", { "prometheus", "jaeger" } },
  };

  import_ok (&result, dir, NULL);

  assert_graph (&result, expected, G_N_ELEMENTS (expected), 26);
  g_assert_cmpstr (json_object_get_string_member (json_node_get_object (result.root), "name"), ==, "platform");

  /* api, api-migrate, worker and scheduler come from one folder. */
  find_build (&result, "api", &repo, &build);
  g_assert_cmpstr (json_object_get_string_member (repo, "name"), ==, "api");
  g_assert_cmpstr (json_object_get_string_member (build, "image"), ==, "registry.example.com/platform/api");
  find_build (&result, "api-migrate", &other_repo, &other_build);
  g_assert_true (other_build == build);
  find_build (&result, "scheduler", &other_repo, &other_build);
  g_assert_true (other_repo == repo);
  g_assert_cmpstr (json_object_get_string_member (other_build, "name"), ==, "worker");
  find_build (&result, "billing-db", &other_repo, &other_build);
  find_build (&result, "api-db", &repo, &build);
  g_assert_true (other_build == build);

  g_assert_cmpstr (json_object_get_string_member (run_of (&result, "web"), "health"), ==, "/healthz");
  g_assert_cmpint (json_object_get_int_member (run_of (&result, "web"), "port"), ==, 3000);
  g_assert_cmpstr (run_env (&result, "api", "LOG_LEVEL"), ==, "${LOG_LEVEL:-info}");
  g_assert_cmpstr (run_env (&result, "api", "DEBUG"), ==, "1");

  g_assert_true (reported (&result, "warning: POSTGRES_PASSWORD of “api-db” looks like a secret"));
  g_assert_cmpuint (g_strv_length (result.report), ==, 1);
}

static void
run_done (GObject      *object,
          GAsyncResult *async_result,
          gpointer      user_data)
{
  GAsyncResult **out = user_data;

  *out = g_object_ref (async_result);
}

static void
test_async (Fixture       *fixture,
            gconstpointer  data)
{
  g_autoptr(FerryImport) import = ferry_import_new ();
  g_autoptr(GFile) file = g_file_new_for_path ("compose.yaml");
  g_autoptr(GAsyncResult) async_result = NULL;
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();

  write_file ("compose.yaml", "services:\n  web: {image: acme/web, depends_on: [db]}\n  db: {image: pg}\n");
  ferry_import_add_file (import, file);
  ferry_import_set_name (import, "Named");

  ferry_import_run_async (import, NULL, run_done, &async_result);
  while (async_result == NULL)
    g_main_context_iteration (NULL, TRUE);

  root = ferry_import_run_finish (import, async_result, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (json_object_get_string_member (json_node_get_object (root), "name"), ==, "Named");
  g_assert_cmpuint (ferry_import_get_n_services (import), ==, 2);
  g_assert_cmpuint (ferry_import_get_n_dependencies (import), ==, 1);
  g_clear_object (&async_result);
  g_clear_pointer (&root, json_node_unref);

  /* Cancelled, it stops. */
  g_cancellable_cancel (cancellable);
  ferry_import_run_async (import, cancellable, run_done, &async_result);
  while (async_result == NULL)
    g_main_context_iteration (NULL, TRUE);
  root = ferry_import_run_finish (import, async_result, &error);
  g_assert_null (root);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

#define ADD(path, func) g_test_add (path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)
  ADD ("/ferry/import/compose/depends-on", test_compose_depends_on);
  ADD ("/ferry/import/compose/addresses", test_compose_addresses);
  ADD ("/ferry/import/compose/unresolved", test_compose_unresolved);
  ADD ("/ferry/import/compose/merge-files", test_compose_merge_files);
  ADD ("/ferry/import/compose/folder", test_compose_folder);
  ADD ("/ferry/import/compose/anchors", test_compose_anchors);
  ADD ("/ferry/import/compose/run", test_compose_run);
  ADD ("/ferry/import/compose/grouping", test_compose_grouping);
  ADD ("/ferry/import/compose/include-extends-env-file", test_compose_include_extends_env_file);
  ADD ("/ferry/import/compose/hostile", test_compose_hostile);
  ADD ("/ferry/import/compose/secrets", test_compose_secrets);
  ADD ("/ferry/import/compose/cycle", test_compose_cycle);
  ADD ("/ferry/import/kubernetes/manifests", test_kubernetes_manifests);
  ADD ("/ferry/import/kubernetes/unresolved", test_kubernetes_unresolved);
  ADD ("/ferry/import/kubernetes/wrong-shapes", test_kubernetes_wrong_shapes);
  ADD ("/ferry/import/kubernetes/namespaces", test_kubernetes_namespaces);
  ADD ("/ferry/import/compose-and-kubernetes", test_compose_and_kubernetes);
  ADD ("/ferry/import/errors", test_errors);
  ADD ("/ferry/import/helm-missing-laughs", test_helm_and_missing);
  ADD ("/ferry/import/real-world/kubernetes", test_real_world_kubernetes);
  ADD ("/ferry/import/real-world/compose", test_real_world_compose);
  ADD ("/ferry/import/large/compose", test_large_compose);
  ADD ("/ferry/import/large/kubernetes", test_large_kubernetes);
  ADD ("/ferry/import/async", test_async);
#undef ADD

  return g_test_run ();
}
