/* ferry-graph.c
 *
 * Copyright 2026 The Ferry authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "ferry-graph"

#include "config.h"

#include "ferry-graph.h"
#include "ferry-model-private.h"

/**
 * ferry_json_to_string:
 * @node: a JSON node
 *
 * Returns: (transfer full): @node pretty-printed with two-space indents and
 *   a final newline: Ferry's stable JSON output
 */
gchar *
ferry_json_to_string (JsonNode *node)
{
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  g_autofree gchar *text = NULL;

  json_generator_set_pretty (generator, TRUE);
  json_generator_set_indent (generator, 2);
  json_generator_set_root (generator, node);
  text = json_generator_to_data (generator, NULL);

  return g_strconcat (text, "\n", NULL);
}

static void
add_endpoint_ids (JsonBuilder *builder,
                  GPtrArray   *endpoints)
{
  json_builder_begin_array (builder);
  for (guint i = 0; i < endpoints->len; i++)
    json_builder_add_string_value (builder, ((FerryEndpoint *)g_ptr_array_index (endpoints, i))->id);
  json_builder_end_array (builder);
}

/**
 * ferry_graph_to_json:
 * @workspace: a #FerryWorkspace
 *
 * The `ferryctl graph --format json` document: `name`, `environments`,
 * `services` (each with `name`, `repo`, `build`, `team`, `produces`,
 * `consumes` and `depends_on`, every resolved edge) and `layers`.
 *
 * Returns: (transfer full): the document
 */
JsonNode *
ferry_graph_to_json (FerryWorkspace *workspace)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  guint n_services = ferry_workspace_get_n_services (workspace);
  guint n_envs = ferry_workspace_get_n_environments (workspace);

  json_builder_begin_object (builder);

  json_builder_set_member_name (builder, "name");
  json_builder_add_string_value (builder, workspace->name);

  json_builder_set_member_name (builder, "environments");
  json_builder_begin_array (builder);
  for (guint i = 0; i < n_envs; i++)
    json_builder_add_string_value (builder, ferry_workspace_get_environment_at (workspace, i)->name);
  json_builder_end_array (builder);

  json_builder_set_member_name (builder, "services");
  json_builder_begin_array (builder);
  for (guint i = 0; i < n_services; i++)
    {
      FerryService *service = ferry_workspace_get_service_at (workspace, i);
      FerryRepo *repo = service->build->repo;

      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "name");
      json_builder_add_string_value (builder, service->name);
      json_builder_set_member_name (builder, "repo");
      json_builder_add_string_value (builder, repo->name);
      json_builder_set_member_name (builder, "build");
      json_builder_add_string_value (builder, service->build->name);
      json_builder_set_member_name (builder, "team");
      if (repo->team != NULL)
        json_builder_add_string_value (builder, repo->team->name);
      else
        json_builder_add_null_value (builder);
      json_builder_set_member_name (builder, "layer");
      json_builder_add_int_value (builder, service->layer);
      json_builder_set_member_name (builder, "produces");
      add_endpoint_ids (builder, service->produces);
      json_builder_set_member_name (builder, "consumes");
      add_endpoint_ids (builder, service->consumes);
      json_builder_set_member_name (builder, "depends_on");
      json_builder_begin_array (builder);
      for (guint j = 0; j < service->dependencies->len; j++)
        json_builder_add_string_value (builder, ((FerryService *)g_ptr_array_index (service->dependencies, j))->name);
      json_builder_end_array (builder);
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);

  json_builder_set_member_name (builder, "layers");
  json_builder_begin_array (builder);
  for (guint i = 0; i < workspace->layers->len; i++)
    {
      GPtrArray *layer = g_ptr_array_index (workspace->layers, i);

      json_builder_begin_array (builder);
      for (guint j = 0; j < layer->len; j++)
        json_builder_add_string_value (builder, ((FerryService *)g_ptr_array_index (layer, j))->name);
      json_builder_end_array (builder);
    }
  json_builder_end_array (builder);

  json_builder_end_object (builder);

  return json_builder_get_root (builder);
}

static void
append_dot_id (GString     *str,
               const gchar *id)
{
  g_string_append_c (str, '"');
  for (const gchar *p = id; *p; p++)
    {
      if (*p == '"' || *p == '\\')
        g_string_append_c (str, '\\');
      g_string_append_c (str, *p);
    }
  g_string_append_c (str, '"');
}

/**
 * ferry_graph_to_dot:
 * @workspace: a #FerryWorkspace
 *
 * A graphviz document: left to right in deploy order, a cluster per
 * repo/build, an arrow from each consumer to what it depends on.
 *
 * Returns: (transfer full): the document
 */
gchar *
ferry_graph_to_dot (FerryWorkspace *workspace)
{
  GString *str = g_string_new (NULL);
  guint n_services = ferry_workspace_get_n_services (workspace);

  g_string_append (str, "digraph ");
  append_dot_id (str, workspace->name);
  g_string_append (str, " {\n"
                        "  rankdir=LR;\n"
                        "  node [shape=box, style=rounded];\n");

  for (guint i = 0; i < workspace->repos->len; i++)
    {
      FerryRepo *repo = g_ptr_array_index (workspace->repos, i);

      for (guint j = 0; j < repo->builds->len; j++)
        {
          FerryBuild *build = g_ptr_array_index (repo->builds, j);
          g_autofree gchar *label = g_strcmp0 (repo->name, build->name) == 0
                                    ? g_strdup (repo->name)
                                    : g_strdup_printf ("%s/%s", repo->name, build->name);
          g_autofree gchar *cluster = g_strdup_printf ("cluster_%u_%u", i, j);

          if (build->services->len == 0)
            continue;

          g_string_append (str, "  subgraph ");
          append_dot_id (str, cluster);
          g_string_append (str, " {\n    label=");
          append_dot_id (str, label);
          g_string_append (str, ";\n");
          for (guint k = 0; k < build->services->len; k++)
            {
              g_string_append (str, "    ");
              append_dot_id (str, ((FerryService *)g_ptr_array_index (build->services, k))->name);
              g_string_append (str, ";\n");
            }
          g_string_append (str, "  }\n");
        }
    }

  /* Producers rank left of their consumers: the edge runs producer →
   * consumer for ranking and is drawn back towards the producer. */
  for (guint i = 0; i < n_services; i++)
    {
      FerryService *service = ferry_workspace_get_service_at (workspace, i);

      for (guint j = 0; j < service->dependencies->len; j++)
        {
          g_string_append (str, "  ");
          append_dot_id (str, ((FerryService *)g_ptr_array_index (service->dependencies, j))->name);
          g_string_append (str, " -> ");
          append_dot_id (str, service->name);
          g_string_append (str, " [dir=back];\n");
        }
    }

  g_string_append (str, "}\n");

  return g_string_free (str, FALSE);
}

/**
 * ferry_graph_to_text:
 * @workspace: a #FerryWorkspace
 *
 * Returns: (transfer full): the layers in deploy order, each service
 *   with its repo/build, team and what it depends on
 */
gchar *
ferry_graph_to_text (FerryWorkspace *workspace)
{
  GString *str = g_string_new (NULL);
  guint n_services = ferry_workspace_get_n_services (workspace);
  guint n_endpoints = g_hash_table_size (workspace->endpoints);

  g_string_append_printf (str, "%s: %u service%s in %u layer%s, %u endpoint%s\n",
                          workspace->name,
                          n_services, n_services == 1 ? "" : "s",
                          workspace->layers->len, workspace->layers->len == 1 ? "" : "s",
                          n_endpoints, n_endpoints == 1 ? "" : "s");

  for (guint i = 0; i < workspace->layers->len; i++)
    {
      GPtrArray *layer = g_ptr_array_index (workspace->layers, i);

      g_string_append_printf (str, "\nlayer %u%s\n", i, i == 0 ? " (depends on nothing: deployed first)" : "");

      for (guint j = 0; j < layer->len; j++)
        {
          FerryService *service = g_ptr_array_index (layer, j);
          FerryRepo *repo = service->build->repo;

          g_string_append_printf (str, "  %s  [%s/%s", service->name, repo->name, service->build->name);
          if (repo->team != NULL)
            g_string_append_printf (str, ", team %s", repo->team->name);
          g_string_append (str, "]\n");

          if (service->dependencies->len > 0)
            {
              g_string_append (str, "    depends on:");
              for (guint k = 0; k < service->dependencies->len; k++)
                g_string_append_printf (str, "%s %s", k ? "," : "",
                                        ((FerryService *)g_ptr_array_index (service->dependencies, k))->name);
              g_string_append_c (str, '\n');
            }

          for (guint k = 0; k < service->consumes->len; k++)
            {
              FerryEndpoint *endpoint = g_ptr_array_index (service->consumes, k);

              if (endpoint->producer == NULL)
                g_string_append_printf (str, "    external: %s\n", endpoint->id);
            }
        }
    }

  return g_string_free (str, FALSE);
}

/**
 * ferry_graph_card_width:
 * @n_environments: how many environments the workspace has
 *
 * Returns: the width of a service card, in world units
 */
gdouble
ferry_graph_card_width (guint n_environments)
{
  return MAX (220.0, 2 * FERRY_GRAPH_CARD_PAD
                     + n_environments * FERRY_GRAPH_ENV_COLUMN_WIDTH
                     + (n_environments ? n_environments - 1 : 0) * FERRY_GRAPH_CHEVRON_WIDTH);
}

/**
 * ferry_graph_cluster_name:
 * @service: a service
 *
 * Returns: (transfer full): the box its card stands in: its repo's name,
 *   or `repo/build` when the build is named otherwise
 */
gchar *
ferry_graph_cluster_name (FerryService *service)
{
  FerryBuild *build = ferry_service_get_build (service);
  FerryRepo *repo = ferry_service_get_repo (service);

  if (g_strcmp0 (ferry_repo_get_name (repo), ferry_build_get_name (build)) == 0)
    return g_strdup (ferry_repo_get_name (repo));

  return g_strdup_printf ("%s/%s", ferry_repo_get_name (repo), ferry_build_get_name (build));
}

/**
 * ferry_graph_new_layout_graph:
 * @workspace: a valid #FerryWorkspace
 *
 * The graph to lay out for @workspace: a card per service, in the stable
 * order, clustered by repo and build, and an edge from each consumer to
 * each service it depends on. The window and `ferryctl layout` both lay
 * out this graph, so they agree.
 *
 * Returns: (transfer full): the layout input
 */
FerryLayoutGraph *
ferry_graph_new_layout_graph (FerryWorkspace *workspace)
{
  FerryLayoutGraph *graph = ferry_layout_graph_new ();
  guint n_services = ferry_workspace_get_n_services (workspace);
  gdouble width = ferry_graph_card_width (ferry_workspace_get_n_environments (workspace));

  for (guint i = 0; i < n_services; i++)
    {
      FerryService *service = ferry_workspace_get_service_at (workspace, i);
      g_autofree gchar *cluster = ferry_graph_cluster_name (service);

      ferry_layout_graph_add_node (graph, service->name, cluster, width, FERRY_GRAPH_CARD_HEIGHT);
    }

  for (guint i = 0; i < n_services; i++)
    {
      FerryService *service = ferry_workspace_get_service_at (workspace, i);

      for (guint j = 0; j < service->dependencies->len; j++)
        ferry_layout_graph_add_edge (graph, i, ((FerryService *)g_ptr_array_index (service->dependencies, j))->index);
    }

  return graph;
}
