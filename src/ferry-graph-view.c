/* ferry-graph-view.c
 *
 * Copyright 2026 The Ferry authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "ferry-graph-view"

#include "config.h"

#include <glib/gi18n.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "ferry-graph-card.h"
#include "ferry-graph-view.h"

/* The dependency graph of a workspace on a zoomable canvas.
 *
 * Geometry comes from FerryLayout (positions, routes) and FerryViewport
 * (world ↔ view), both in the core. The static scene is recorded into
 * render nodes tile by tile, only for the tiles in view, and re-used under
 * a transform at every frame; hover and selection are drawn on top. The
 * cached tiles are dropped when what they show changes: the state, the
 * selection, the filter, the level of detail, the style. */

#define TILE_PIXELS      512.0   /* a cached tile's size on screen */
#define MAX_TILES        40      /* bounded cache: 40 MB at 512×512 */
#define BUILD_BUDGET_US  8000    /* time a frame may spend rasterizing tiles */
#define CARD_PAD         FERRY_GRAPH_CARD_PAD
#define CARD_HEADER      FERRY_GRAPH_CARD_HEADER
#define ENV_COLUMN_WIDTH FERRY_GRAPH_ENV_COLUMN_WIDTH
#define CHEVRON_WIDTH    FERRY_GRAPH_CHEVRON_WIDTH
#define CARD_RADIUS      8.0
#define MAX_CARDS        400
#define DIMMED           0.22
#define COLUMN_EXTRA_Y   54.0    /* where the column hook draws, below the status */
#define COLUMN_EXTRA_H   14.0
#define REFRESH_USEC     G_USEC_PER_SEC

struct _FerryGraphView
{
  GtkWidget           parent_instance;

  /* Owned references */
  FerryWorkspace     *workspace;
  FerryStateSnapshot *state;
  FerryLayout        *layout;
  GCancellable       *cancellable;
  GHashTable         *tiles;          /* "level:x:y" → GdkTexture, or NULL when empty */
  GQueue             *tile_order;     /* keys, least recently used first */
  GHashTable         *stale_tiles;    /* keys drawn until rebuilt (new column data) */
  GHashTable         *to_refresh;     /* services whose columns got new data */
  GHashTable         *cards;          /* node → FerryGraphCard */
  GPtrArray          *node_services;  /* node → FerryService (borrowed) */
  GHashTable         *service_nodes;  /* FerryService → node + 1 */
  GPtrArray          *layers;         /* layer → GArray of nodes by y */
  GHashTable         *behind;         /* "service\nenv" → commits behind */
  guint8             *highlighted;    /* per node, while a selection is up */
  guint8             *matches;        /* per node, while a filter is up */
  gchar              *filter_text;
  GtkAdjustment      *hadjustment;
  GtkAdjustment      *vadjustment;
  FerryGraphViewColumnFunc column_func;
  gpointer            column_data;
  GDestroyNotify      column_destroy;

  FerryViewport       viewport;
  FerryLayoutRect     last_visible;
  gint64              last_refresh;
  guint               refresh_source;
  guint               selected;       /* node, or FERRY_LAYOUT_NONE */
  guint               prefetch_source;
  guint               redraw_source;
  guint               hovered;
  guint               n_matches;
  gdouble             pointer_x;
  gdouble             pointer_y;
  gdouble             drag_start_x;
  gdouble             drag_start_y;
  gdouble             zoom_start;

  guint               hscroll_policy : 1;
  guint               vscroll_policy : 1;
  guint               filter_differing : 1;
  guint               fit_pending : 1;
  guint               dragging : 1;
};

enum {
  PROP_0,
  PROP_WORKSPACE,
  PROP_SELECTED,
  PROP_READY,
  PROP_ZOOM,
  N_PROPS,

  /* GtkScrollable */
  PROP_HADJUSTMENT = N_PROPS,
  PROP_VADJUSTMENT,
  PROP_HSCROLL_POLICY,
  PROP_VSCROLL_POLICY,
};

enum {
  SERVICE_ACTIVATED,
  VISIBLE_CHANGED,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

G_DEFINE_FINAL_TYPE_WITH_CODE (FerryGraphView, ferry_graph_view, GTK_TYPE_WIDGET,
                               G_IMPLEMENT_INTERFACE (GTK_TYPE_SCROLLABLE, NULL))

static void ferry_graph_view_set_hadjustment (FerryGraphView *self, GtkAdjustment *adjustment);
static void ferry_graph_view_set_vadjustment (FerryGraphView *self, GtkAdjustment *adjustment);

typedef struct
{
  GdkRGBA fg;
  GdkRGBA dim;
  GdkRGBA card;
  GdkRGBA border;
  GdkRGBA cluster;
  GdkRGBA cluster_border;
  GdkRGBA edge;
  GdkRGBA accent;
  GdkRGBA healthy;
  GdkRGBA busy;
  GdkRGBA failed;
  GdkRGBA absent;
  GdkRGBA waiting;
} Palette;

static void
lookup_color (GtkStyleContext *context,
              const gchar     *name,
              const gchar     *fallback,
              GdkRGBA         *color)
{
  if (!gtk_style_context_lookup_color (context, name, color))
    gdk_rgba_parse (color, fallback);
}

static void
get_palette (FerryGraphView *self,
             Palette        *palette)
{
  GtkStyleContext *context = gtk_widget_get_style_context (GTK_WIDGET (self));

  gtk_style_context_get_color (context, &palette->fg);
  palette->dim = palette->fg;
  palette->dim.alpha *= 0.6;
  palette->border = palette->fg;
  palette->border.alpha *= 0.18;
  palette->cluster = palette->fg;
  palette->cluster.alpha *= 0.035;
  palette->cluster_border = palette->fg;
  palette->cluster_border.alpha *= 0.14;
  palette->edge = palette->fg;
  palette->edge.alpha *= 0.4;
  palette->absent = palette->fg;
  palette->absent.alpha *= 0.3;

  lookup_color (context, "card_bg_color", "#ffffff", &palette->card);
  lookup_color (context, "accent_bg_color", "#3584e4", &palette->accent);
  lookup_color (context, "success_color", "#26a269", &palette->healthy);
  lookup_color (context, "warning_color", "#c88800", &palette->busy);
  lookup_color (context, "error_color", "#c01c28", &palette->failed);
  lookup_color (context, "accent_color", "#1c71d8", &palette->waiting);
}

/* What a status looks like: a colour, a symbolic icon and words, so that
 * colour is never the only cue. */
static const GdkRGBA *
status_color (const Palette *palette,
              const gchar   *status)
{
  if (g_strcmp0 (status, "healthy") == 0)
    return &palette->healthy;
  if (g_strcmp0 (status, "failed") == 0)
    return &palette->failed;
  if (g_strcmp0 (status, "degraded") == 0 || g_strcmp0 (status, "deploying") == 0 ||
      g_strcmp0 (status, "building") == 0)
    return &palette->busy;
  if (g_strcmp0 (status, "pending-approval") == 0)
    return &palette->waiting;
  return &palette->absent;
}

static const gchar *
status_icon (const gchar *status)
{
  if (g_strcmp0 (status, "healthy") == 0)
    return "emblem-ok-symbolic";
  if (g_strcmp0 (status, "failed") == 0)
    return "dialog-error-symbolic";
  if (g_strcmp0 (status, "degraded") == 0)
    return "dialog-warning-symbolic";
  if (g_strcmp0 (status, "deploying") == 0 || g_strcmp0 (status, "building") == 0)
    return "emblem-synchronizing-symbolic";
  if (g_strcmp0 (status, "pending-approval") == 0)
    return "changes-prevent-symbolic";
  if (g_strcmp0 (status, "stopped") == 0)
    return "media-playback-stop-symbolic";
  return NULL;
}

static const gchar *
status_text (const gchar *status)
{
  if (status == NULL || g_strcmp0 (status, "not-deployed") == 0)
    return _("not deployed");
  if (g_strcmp0 (status, "pending-approval") == 0)
    return _("awaiting approval");
  if (g_strcmp0 (status, "healthy") == 0)
    return _("healthy");
  if (g_strcmp0 (status, "degraded") == 0)
    return _("degraded");
  if (g_strcmp0 (status, "deploying") == 0)
    return _("deploying");
  if (g_strcmp0 (status, "building") == 0)
    return _("building");
  if (g_strcmp0 (status, "failed") == 0)
    return _("failed");
  if (g_strcmp0 (status, "stopped") == 0)
    return _("stopped");
  return status;
}

static const FerryDeployed *
lookup_deployed (FerryGraphView   *self,
                 FerryService     *service,
                 FerryEnvironment *env)
{
  if (self->state == NULL)
    return NULL;

  return ferry_state_snapshot_lookup (self->state, ferry_service_get_name (service),
                                      ferry_environment_get_name (env));
}

static gchar *
version_text (const FerryDeployed *deployed)
{
  if (deployed == NULL || deployed->version == NULL || g_strcmp0 (deployed->status, "not-deployed") == 0)
    return g_strdup ("—");
  if (deployed->tag != NULL)
    return g_strdup (deployed->tag);
  return ferry_short_id (deployed->version);
}

/* A version is promotable to the next environment when it is healthy and
 * differs from what runs there. */
static gboolean
is_promotable (const FerryDeployed *left,
               const FerryDeployed *right)
{
  if (!ferry_deployed_is_healthy (left))
    return FALSE;

  return right == NULL || g_strcmp0 (left->version, right->version) != 0;
}

static gboolean
differs_between_environments (FerryGraphView *self,
                              FerryService   *service)
{
  guint n_envs = ferry_workspace_get_n_environments (self->workspace);
  const gchar *first = NULL;

  for (guint i = 0; i < n_envs; i++)
    {
      const FerryDeployed *deployed = lookup_deployed (self, service, ferry_workspace_get_environment_at (self->workspace, i));
      const gchar *version = deployed && g_strcmp0 (deployed->status, "not-deployed") != 0 ? deployed->version : "";

      if (i == 0)
        first = version;
      else if (g_strcmp0 (first, version) != 0)
        return TRUE;
    }

  return FALSE;
}

/**
 * ferry_graph_view_describe_service:
 * @self: a #FerryGraphView
 * @service: one of the workspace's services
 *
 * Returns: (transfer full): what a screen reader says for its card:
 *   "catalog-api: dev 1a2b3c4d5e6f healthy; uat not deployed; …"
 */
gchar *
ferry_graph_view_describe_service (FerryGraphView *self,
                                   FerryService   *service)
{
  GString *str;
  guint n_envs;

  g_return_val_if_fail (FERRY_IS_GRAPH_VIEW (self), NULL);
  g_return_val_if_fail (FERRY_IS_SERVICE (service), NULL);

  str = g_string_new (ferry_service_get_name (service));
  g_string_append (str, ": ");
  n_envs = ferry_workspace_get_n_environments (self->workspace);

  for (guint i = 0; i < n_envs; i++)
    {
      FerryEnvironment *env = ferry_workspace_get_environment_at (self->workspace, i);
      const FerryDeployed *deployed = lookup_deployed (self, service, env);

      if (i > 0)
        g_string_append (str, "; ");
      g_string_append (str, ferry_environment_get_name (env));
      if (deployed != NULL && g_strcmp0 (deployed->status, "not-deployed") != 0)
        {
          g_autofree gchar *version = version_text (deployed);
          g_string_append_printf (str, " %s %s", version, status_text (deployed->status));
        }
      else
        g_string_append_printf (str, " %s", status_text (NULL));
    }

  return g_string_free (str, FALSE);
}

static FerryService *
node_service (FerryGraphView *self,
              guint           node)
{
  if (self->node_services == NULL || node >= self->node_services->len)
    return NULL;

  return g_ptr_array_index (self->node_services, node);
}

static guint
service_node (FerryGraphView *self,
              FerryService   *service)
{
  gpointer value;

  if (self->service_nodes == NULL || service == NULL ||
      !(value = g_hash_table_lookup (self->service_nodes, service)))
    return FERRY_LAYOUT_NONE;

  return GPOINTER_TO_UINT (value) - 1;
}

static void
clear_tiles (FerryGraphView *self)
{
  g_hash_table_remove_all (self->tiles);
  g_hash_table_remove_all (self->stale_tiles);
  g_queue_clear_full (self->tile_order, g_free);
}

static void
invalidate_tiles (FerryGraphView *self)
{
  clear_tiles (self);
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

/* Drawing helpers, in world units */

static void
append_text (GtkSnapshot          *snapshot,
             PangoLayout          *layout,
             const gchar          *text,
             gdouble               x,
             gdouble               y,
             gdouble               width,
             const GdkRGBA        *color)
{
  pango_layout_set_text (layout, text, -1);
  pango_layout_set_width (layout, (int)(width * PANGO_SCALE));

  gtk_snapshot_save (snapshot);
  gtk_snapshot_translate (snapshot, &GRAPHENE_POINT_INIT (x, y));
  gtk_snapshot_append_layout (snapshot, layout, color);
  gtk_snapshot_restore (snapshot);
}

static void
append_segment (GtkSnapshot            *snapshot,
                const FerryLayoutPoint *a,
                const FerryLayoutPoint *b,
                gdouble                 width,
                const GdkRGBA          *color)
{
  gdouble dx = b->x - a->x;
  gdouble dy = b->y - a->y;
  gdouble length = sqrt (dx * dx + dy * dy);

  if (length < 0.01)
    return;

  gtk_snapshot_save (snapshot);
  gtk_snapshot_translate (snapshot, &GRAPHENE_POINT_INIT (a->x, a->y));
  gtk_snapshot_rotate (snapshot, atan2 (dy, dx) * 180.0 / G_PI);
  gtk_snapshot_append_color (snapshot, color,
                             &GRAPHENE_RECT_INIT (0, -width / 2, length + width / 2, width));
  gtk_snapshot_restore (snapshot);
}

static void
append_edge (GtkSnapshot   *snapshot,
             FerryLayout   *layout,
             guint          edge,
             gdouble        width,
             const GdkRGBA *color)
{
  const FerryLayoutPoint *points;
  guint n_points = 0;

  points = ferry_layout_get_edge_points (layout, edge, &n_points);
  if (n_points < 2)
    return;

  for (guint i = 0; i + 1 < n_points; i++)
    append_segment (snapshot, &points[i], &points[i + 1], width, color);

  /* The arrowhead at the producer, where the route ends. */
  {
    const FerryLayoutPoint *tip = &points[n_points - 1];
    const FerryLayoutPoint *from = &points[n_points - 2];
    gdouble angle = atan2 (tip->y - from->y, tip->x - from->x);

    for (gint side = -1; side <= 1; side += 2)
      {
        FerryLayoutPoint wing = {
          tip->x - 10 * cos (angle + side * 0.45),
          tip->y - 10 * sin (angle + side * 0.45),
        };
        append_segment (snapshot, &wing, tip, width * 1.2, color);
      }
  }
}

static void
append_card_frame (GtkSnapshot          *snapshot,
                   const FerryLayoutRect *r,
                   const GdkRGBA        *fill,
                   const GdkRGBA        *border,
                   gdouble               border_width)
{
  GskRoundedRect rounded;
  GdkRGBA borders[4] = { *border, *border, *border, *border };
  gfloat widths[4] = { border_width, border_width, border_width, border_width };

  gsk_rounded_rect_init_from_rect (&rounded, &GRAPHENE_RECT_INIT (r->x, r->y, r->width, r->height), CARD_RADIUS);

  gtk_snapshot_push_rounded_clip (snapshot, &rounded);
  gtk_snapshot_append_color (snapshot, fill, &rounded.bounds);
  gtk_snapshot_pop (snapshot);
  gtk_snapshot_append_border (snapshot, &rounded, widths, borders);
}

static void
append_icon (FerryGraphView *self,
             GtkSnapshot    *snapshot,
             const gchar    *icon_name,
             gdouble         x,
             gdouble         y,
             gdouble         size,
             const GdkRGBA  *color)
{
  GtkIconTheme *theme = gtk_icon_theme_get_for_display (gtk_widget_get_display (GTK_WIDGET (self)));
  g_autoptr(GtkIconPaintable) icon = gtk_icon_theme_lookup_icon (theme, icon_name, NULL, (int)size, 1,
                                                                 GTK_TEXT_DIR_NONE, 0);

  gtk_snapshot_save (snapshot);
  gtk_snapshot_translate (snapshot, &GRAPHENE_POINT_INIT (x, y));
  gtk_symbolic_paintable_snapshot_symbolic (GTK_SYMBOLIC_PAINTABLE (icon), GDK_SNAPSHOT (snapshot),
                                            size, size, color, 1);
  gtk_snapshot_restore (snapshot);
}

static void
append_card (FerryGraphView *self,
             GtkSnapshot    *snapshot,
             PangoLayout    *title,
             PangoLayout    *small,
             const Palette  *palette,
             guint           node,
             FerryDetail     detail)
{
  FerryService *service = node_service (self, node);
  guint n_envs = ferry_workspace_get_n_environments (self->workspace);
  gboolean dimmed = FALSE;
  FerryLayoutRect r;
  gdouble column_x;

  if (service == NULL)
    return;

  ferry_layout_get_node_rect (self->layout, node, &r);

  if (self->selected != FERRY_LAYOUT_NONE && !self->highlighted[node])
    dimmed = TRUE;
  if (self->matches != NULL && !self->matches[node])
    dimmed = TRUE;

  if (dimmed)
    gtk_snapshot_push_opacity (snapshot, DIMMED);

  if (detail == FERRY_DETAIL_MAP)
    {
      /* The heat map: one coloured cell per environment. */
      for (guint i = 0; i < n_envs; i++)
        {
          const FerryDeployed *deployed = lookup_deployed (self, service, ferry_workspace_get_environment_at (self->workspace, i));
          gdouble w = r.width / n_envs;

          gtk_snapshot_append_color (snapshot, status_color (palette, deployed ? deployed->status : NULL),
                                     &GRAPHENE_RECT_INIT (r.x + i * w + 2, r.y + 2, w - 4, r.height - 4));
        }
    }
  else
    {
      FerryRepo *repo = ferry_service_get_repo (service);
      FerryBuild *build = ferry_service_get_build (service);
      FerryTeam *team = ferry_service_get_team (service);
      g_autofree gchar *subtitle = NULL;

      append_card_frame (snapshot, &r, &palette->card, &palette->border, 1);

      append_text (snapshot, title, ferry_service_get_name (service),
                   r.x + CARD_PAD, r.y + 8, r.width - 2 * CARD_PAD, &palette->fg);

      if (detail == FERRY_DETAIL_FULL)
        {
          if (g_strcmp0 (ferry_repo_get_name (repo), ferry_build_get_name (build)) == 0)
            subtitle = g_strdup_printf ("%s%s%s", ferry_repo_get_name (repo),
                                        team ? " · " : "", team ? ferry_team_get_name (team) : "");
          else
            subtitle = g_strdup_printf ("%s/%s%s%s", ferry_repo_get_name (repo), ferry_build_get_name (build),
                                        team ? " · " : "", team ? ferry_team_get_name (team) : "");
          append_text (snapshot, small, subtitle, r.x + CARD_PAD, r.y + 27, r.width - 2 * CARD_PAD, &palette->dim);
        }

      column_x = r.x + CARD_PAD;

      for (guint i = 0; i < n_envs; i++)
        {
          FerryEnvironment *env = ferry_workspace_get_environment_at (self->workspace, i);
          const FerryDeployed *deployed = lookup_deployed (self, service, env);
          const gchar *status = deployed ? deployed->status : NULL;
          const GdkRGBA *color = status_color (palette, status);
          gdouble top = r.y + CARD_HEADER;

          if (detail == FERRY_DETAIL_COMPACT)
            {
              gtk_snapshot_append_color (snapshot, color,
                                         &GRAPHENE_RECT_INIT (column_x, top + 8, ENV_COLUMN_WIDTH, r.height - CARD_HEADER - 18));
            }
          else
            {
              g_autofree gchar *version = version_text (deployed);
              g_autofree gchar *key = g_strdup_printf ("%s\n%s", ferry_service_get_name (service), ferry_environment_get_name (env));
              guint behind = GPOINTER_TO_UINT (g_hash_table_lookup (self->behind, key));

              gtk_snapshot_append_color (snapshot, &palette->border,
                                         &GRAPHENE_RECT_INIT (column_x, top - 2, ENV_COLUMN_WIDTH, 1));
              append_text (snapshot, small, ferry_environment_get_name (env), column_x, top + 2, ENV_COLUMN_WIDTH, &palette->dim);
              append_text (snapshot, title, version, column_x, top + 17, ENV_COLUMN_WIDTH, &palette->fg);
              if (status_icon (status) != NULL)
                append_icon (self, snapshot, status_icon (status), column_x, top + 38, 12, color);
              if (behind > 0)
                {
                  g_autofree gchar *text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u behind", "%u behind", behind), behind);
                  append_text (snapshot, small, text, column_x + 16, top + 36, ENV_COLUMN_WIDTH - 16, &palette->busy);
                }
              else
                append_text (snapshot, small, status_text (status),
                             column_x + (status_icon (status) ? 16 : 0), top + 36, ENV_COLUMN_WIDTH - 16,
                             status_icon (status) ? color : &palette->dim);

              if (detail == FERRY_DETAIL_FULL && self->column_func != NULL)
                self->column_func (self, snapshot, service, env,
                                   &GRAPHENE_RECT_INIT (column_x, top + COLUMN_EXTRA_Y, ENV_COLUMN_WIDTH, COLUMN_EXTRA_H),
                                   &palette->accent, self->column_data);
            }

          /* The promote chevron between two environments. */
          if (i + 1 < n_envs)
            {
              const FerryDeployed *next = lookup_deployed (self, service, ferry_workspace_get_environment_at (self->workspace, i + 1));

              if (is_promotable (deployed, next))
                append_icon (self, snapshot, "go-next-symbolic",
                             column_x + ENV_COLUMN_WIDTH, top + 18, CHEVRON_WIDTH, &palette->accent);
            }

          column_x += ENV_COLUMN_WIDTH + CHEVRON_WIDTH;
        }
    }

  if (dimmed)
    gtk_snapshot_pop (snapshot);
}

/* Records the scene within @tile (world units) as render nodes. */
static GskRenderNode *
build_tile_node (FerryGraphView        *self,
                 const FerryLayoutRect *rect,
                 FerryDetail            detail,
                 const Palette         *palette)
{
  g_autoptr(GtkSnapshot) snapshot = gtk_snapshot_new ();
  g_autoptr(GArray) items = g_array_new (FALSE, FALSE, sizeof (guint));
  g_autoptr(PangoLayout) title = NULL;
  g_autoptr(PangoLayout) small = NULL;
  g_autoptr(PangoLayout) label = NULL;
  FerryLayoutRect tile = *rect;
  PangoAttrList *attrs;

  title = gtk_widget_create_pango_layout (GTK_WIDGET (self), NULL);
  attrs = pango_attr_list_new ();
  pango_attr_list_insert (attrs, pango_attr_weight_new (PANGO_WEIGHT_BOLD));
  pango_layout_set_attributes (title, attrs);
  pango_attr_list_unref (attrs);
  pango_layout_set_ellipsize (title, PANGO_ELLIPSIZE_END);

  small = gtk_widget_create_pango_layout (GTK_WIDGET (self), NULL);
  attrs = pango_attr_list_new ();
  pango_attr_list_insert (attrs, pango_attr_scale_new (0.82));
  pango_layout_set_attributes (small, attrs);
  pango_attr_list_unref (attrs);
  pango_layout_set_ellipsize (small, PANGO_ELLIPSIZE_END);

  label = gtk_widget_create_pango_layout (GTK_WIDGET (self), NULL);
  attrs = pango_attr_list_new ();
  pango_attr_list_insert (attrs, pango_attr_weight_new (PANGO_WEIGHT_BOLD));
  pango_attr_list_insert (attrs, pango_attr_scale_new (0.82));
  pango_layout_set_attributes (label, attrs);
  pango_attr_list_unref (attrs);
  pango_layout_set_ellipsize (label, PANGO_ELLIPSIZE_END);

  gtk_snapshot_push_clip (snapshot, &GRAPHENE_RECT_INIT (tile.x, tile.y, tile.width, tile.height));

  /* Repo/build clusters, under everything. */
  ferry_layout_clusters_in_rect (self->layout, &tile, items);
  for (guint i = 0; i < items->len; i++)
    {
      guint cluster = g_array_index (items, guint, i);
      FerryLayoutRect r;
      GskRoundedRect rounded;
      GdkRGBA borders[4] = { palette->cluster_border, palette->cluster_border, palette->cluster_border, palette->cluster_border };
      gfloat widths[4] = { 1, 1, 1, 1 };

      ferry_layout_get_cluster_rect (self->layout, cluster, &r);
      gsk_rounded_rect_init_from_rect (&rounded, &GRAPHENE_RECT_INIT (r.x, r.y, r.width, r.height), 12);
      gtk_snapshot_push_rounded_clip (snapshot, &rounded);
      gtk_snapshot_append_color (snapshot, &palette->cluster, &rounded.bounds);
      gtk_snapshot_pop (snapshot);
      gtk_snapshot_append_border (snapshot, &rounded, widths, borders);

      if (detail != FERRY_DETAIL_MAP)
        append_text (snapshot, label, ferry_layout_get_cluster_name (self->layout, cluster),
                     r.x + 10, r.y + 6, r.width - 20, &palette->dim);
    }

  /* Dependencies, consumer → producer. */
  g_array_set_size (items, 0);
  ferry_layout_edges_in_rect (self->layout, &tile, items);
  for (guint i = 0; i < items->len; i++)
    {
      guint edge = g_array_index (items, guint, i);
      guint consumer, producer;
      gboolean lit;
      gboolean dim;

      ferry_layout_get_edge (self->layout, edge, &consumer, &producer);
      lit = self->selected != FERRY_LAYOUT_NONE && self->highlighted[consumer] && self->highlighted[producer];
      dim = (self->selected != FERRY_LAYOUT_NONE && !lit) ||
            (self->matches != NULL && !(self->matches[consumer] && self->matches[producer]));

      if (dim)
        gtk_snapshot_push_opacity (snapshot, DIMMED);
      append_edge (snapshot, self->layout, edge,
                   detail == FERRY_DETAIL_MAP ? 3.0 : (lit ? 2.5 : 1.5),
                   lit ? &palette->accent : &palette->edge);
      if (dim)
        gtk_snapshot_pop (snapshot);
    }

  /* Cards on top. */
  g_array_set_size (items, 0);
  ferry_layout_nodes_in_rect (self->layout, &tile, items);
  for (guint i = 0; i < items->len; i++)
    append_card (self, snapshot, title, small, palette, g_array_index (items, guint, i), detail);

  gtk_snapshot_pop (snapshot);

  return gtk_snapshot_free_to_node (g_steal_pointer (&snapshot));
}

/* Tiles are rasterized once at a zoom level (a power of 2^¼ near the
 * current zoom) into textures, and drawn scaled by at most ±9 % until the
 * zoom moves to another level: a frame draws a dozen textures, whatever
 * the size of the estate. */
static GdkTexture *
build_tile (FerryGraphView        *self,
            const FerryLayoutRect *rect,
            gdouble                scale,
            FerryDetail            detail,
            const Palette         *palette)
{
  g_autoptr(GskRenderNode) node = build_tile_node (self, rect, detail, palette);
  g_autoptr(GtkSnapshot) snapshot = NULL;
  g_autoptr(GskRenderNode) scaled = NULL;
  GskRenderer *renderer;
  gint pixels;

  if (node == NULL || !gtk_widget_get_realized (GTK_WIDGET (self)))
    return NULL;

  renderer = gtk_native_get_renderer (gtk_widget_get_native (GTK_WIDGET (self)));
  pixels = (gint)ceil (rect->width * scale);

  snapshot = gtk_snapshot_new ();
  gtk_snapshot_scale (snapshot, scale, scale);
  gtk_snapshot_translate (snapshot, &GRAPHENE_POINT_INIT (-rect->x, -rect->y));
  gtk_snapshot_append_node (snapshot, node);
  scaled = gtk_snapshot_free_to_node (g_steal_pointer (&snapshot));

  return gsk_renderer_render_texture (renderer, scaled, &GRAPHENE_RECT_INIT (0, 0, pixels, pixels));
}

static void
tile_used (FerryGraphView *self,
           const gchar    *key)
{
  GList *link = g_queue_find_custom (self->tile_order, key, (GCompareFunc)g_strcmp0);

  if (link != NULL)
    {
      g_queue_unlink (self->tile_order, link);
      g_queue_push_tail_link (self->tile_order, link);
    }
  else
    g_queue_push_tail (self->tile_order, g_strdup (key));

  while (g_queue_get_length (self->tile_order) > MAX_TILES)
    {
      g_autofree gchar *oldest = g_queue_pop_head (self->tile_order);
      g_hash_table_remove (self->tiles, oldest);
      g_hash_table_remove (self->stale_tiles, oldest);
    }
}

static gboolean
redraw_cb (gpointer data)
{
  FerryGraphView *self = data;

  self->redraw_source = 0;
  gtk_widget_queue_draw (GTK_WIDGET (self));

  return G_SOURCE_REMOVE;
}

/* Between frames, rasterize the ring of tiles just outside the view, so
 * that panning finds them ready. One tile per call: input and frames keep
 * priority. */
static gboolean
prefetch_cb (gpointer data)
{
  FerryGraphView *self = data;
  gint scale_factor = gtk_widget_get_scale_factor (GTK_WIDGET (self));
  gdouble vx, vy, vw, vh;
  gdouble level_zoom, tile_size;
  gint level;
  Palette palette;

  if (self->layout == NULL || !gtk_widget_get_realized (GTK_WIDGET (self)))
    {
      self->prefetch_source = 0;
      return G_SOURCE_REMOVE;
    }

  level = (gint)floor (log2 (self->viewport.zoom) * 4 + 0.5);
  level_zoom = exp2 (level / 4.0);
  tile_size = TILE_PIXELS / level_zoom;
  ferry_viewport_get_visible (&self->viewport, &vx, &vy, &vw, &vh);

  for (gint ty = (gint)floor (vy / tile_size) - 1; ty <= (gint)floor ((vy + vh) / tile_size) + 1; ty++)
    for (gint tx = (gint)floor (vx / tile_size) - 1; tx <= (gint)floor ((vx + vw) / tile_size) + 1; tx++)
      {
        g_autofree gchar *key = g_strdup_printf ("%d:%d:%d", level, tx, ty);
        FerryLayoutRect rect = { tx * tile_size, ty * tile_size, tile_size, tile_size };

        if (g_hash_table_contains (self->tiles, key))
          continue;

        get_palette (self, &palette);
        g_hash_table_insert (self->tiles, g_strdup (key),
                             build_tile (self, &rect, level_zoom * scale_factor,
                                         ferry_viewport_get_detail (&self->viewport), &palette));
        tile_used (self, key);

        return G_SOURCE_CONTINUE;
      }

  self->prefetch_source = 0;
  return G_SOURCE_REMOVE;
}

static void
ferry_graph_view_snapshot (GtkWidget   *widget,
                           GtkSnapshot *snapshot)
{
  FerryGraphView *self = FERRY_GRAPH_VIEW (widget);
  gdouble width = gtk_widget_get_width (widget);
  gdouble height = gtk_widget_get_height (widget);
  gint scale_factor = gtk_widget_get_scale_factor (widget);
  FerryDetail detail;
  gdouble vx, vy, vw, vh;
  gdouble level_zoom, tile_size;
  gboolean incomplete = FALSE;
  Palette palette;
  gint level, tx0, ty0, tx1, ty1;
  gint64 start;

  if (self->layout == NULL)
    return;

  detail = ferry_viewport_get_detail (&self->viewport);
  level = (gint)floor (log2 (self->viewport.zoom) * 4 + 0.5);
  level_zoom = exp2 (level / 4.0);
  tile_size = TILE_PIXELS / level_zoom;

  get_palette (self, &palette);
  ferry_viewport_get_visible (&self->viewport, &vx, &vy, &vw, &vh);

  tx0 = (gint)floor (vx / tile_size);
  ty0 = (gint)floor (vy / tile_size);
  tx1 = (gint)floor ((vx + vw) / tile_size);
  ty1 = (gint)floor ((vy + vh) / tile_size);

  start = g_get_monotonic_time ();

  gtk_snapshot_push_clip (snapshot, &GRAPHENE_RECT_INIT (0, 0, width, height));
  gtk_snapshot_save (snapshot);
  gtk_snapshot_scale (snapshot, self->viewport.zoom, self->viewport.zoom);
  gtk_snapshot_translate (snapshot, &GRAPHENE_POINT_INIT (-self->viewport.x, -self->viewport.y));

  for (gint ty = ty0; ty <= ty1; ty++)
    for (gint tx = tx0; tx <= tx1; tx++)
      {
        g_autofree gchar *key = g_strdup_printf ("%d:%d:%d", level, tx, ty);
        FerryLayoutRect rect = { tx * tile_size, ty * tile_size, tile_size, tile_size };
        GdkTexture *texture = NULL;
        gboolean cached = g_hash_table_lookup_extended (self->tiles, key, NULL, (gpointer *)&texture);

        if (!cached || g_hash_table_contains (self->stale_tiles, key))
          {
            /* Past the frame's budget, the rest comes in the next frames:
             * a jump fills in progressively rather than freezing, and a
             * stale tile is drawn as it was meanwhile. */
            if (g_get_monotonic_time () - start > BUILD_BUDGET_US)
              {
                incomplete = TRUE;
                if (!cached)
                  continue;
              }
            else
              {
                texture = build_tile (self, &rect, level_zoom * scale_factor, detail, &palette);
                g_hash_table_insert (self->tiles, g_strdup (key), texture);
                g_hash_table_remove (self->stale_tiles, key);
              }
          }
        tile_used (self, key);

        if (texture != NULL)
          gtk_snapshot_append_texture (snapshot, texture,
                                       &GRAPHENE_RECT_INIT (rect.x, rect.y, rect.width, rect.height));
      }

  /* Hover and selection, on top of the cached scene. */
  if (self->hovered != FERRY_LAYOUT_NONE && self->hovered != self->selected)
    {
      FerryLayoutRect r;
      GdkRGBA hover = palette.accent;

      hover.alpha = 0.5;
      ferry_layout_get_node_rect (self->layout, self->hovered, &r);
      append_card_frame (snapshot, &r, &(GdkRGBA) { 0, 0, 0, 0 }, &hover, 1.5 / MAX (self->viewport.zoom, 0.3));
    }

  if (self->selected != FERRY_LAYOUT_NONE)
    {
      FerryLayoutRect r;

      ferry_layout_get_node_rect (self->layout, self->selected, &r);
      append_card_frame (snapshot, &r, &(GdkRGBA) { 0, 0, 0, 0 }, &palette.accent, 2.5 / MAX (self->viewport.zoom, 0.3));
    }

  gtk_snapshot_restore (snapshot);

  /* The focus rings of the card stand-ins. */
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child; child = gtk_widget_get_next_sibling (child))
    gtk_widget_snapshot_child (widget, child, snapshot);

  gtk_snapshot_pop (snapshot);

  if (incomplete && self->redraw_source == 0)
    self->redraw_source = g_idle_add_full (G_PRIORITY_DEFAULT, redraw_cb, self, NULL);
  if (self->prefetch_source == 0)
    self->prefetch_source = g_idle_add_full (G_PRIORITY_LOW, prefetch_cb, self, NULL);
}

/* Scrolling */

static void
update_adjustments (FerryGraphView *self)
{
  FerryViewport *vp = &self->viewport;
  gdouble margin = 24.0;

  if (self->hadjustment != NULL)
    gtk_adjustment_configure (self->hadjustment,
                              vp->x * vp->zoom,
                              MIN (vp->world_x * vp->zoom - margin, vp->x * vp->zoom),
                              MAX ((vp->world_x + vp->world_width) * vp->zoom + margin, vp->x * vp->zoom + vp->width),
                              vp->width * 0.1, vp->width * 0.9, vp->width);

  if (self->vadjustment != NULL)
    gtk_adjustment_configure (self->vadjustment,
                              vp->y * vp->zoom,
                              MIN (vp->world_y * vp->zoom - margin, vp->y * vp->zoom),
                              MAX ((vp->world_y + vp->world_height) * vp->zoom + margin, vp->y * vp->zoom + vp->height),
                              vp->height * 0.1, vp->height * 0.9, vp->height);
}

static void
viewport_changed (FerryGraphView *self)
{
  update_adjustments (self);
  gtk_widget_queue_allocate (GTK_WIDGET (self));
  gtk_widget_queue_draw (GTK_WIDGET (self));
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ZOOM]);
}

static void
on_adjustment_value_changed (FerryGraphView *self,
                             GtkAdjustment  *adjustment)
{
  gdouble value = gtk_adjustment_get_value (adjustment) / self->viewport.zoom;

  if (adjustment == self->hadjustment)
    {
      if (fabs (value - self->viewport.x) < 1e-6)
        return;
      ferry_viewport_scroll_to (&self->viewport, value, self->viewport.y);
    }
  else
    {
      if (fabs (value - self->viewport.y) < 1e-6)
        return;
      ferry_viewport_scroll_to (&self->viewport, self->viewport.x, value);
    }

  gtk_widget_queue_allocate (GTK_WIDGET (self));
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

static void
set_adjustment (FerryGraphView  *self,
                GtkAdjustment  **slot,
                GtkAdjustment   *adjustment)
{
  if (*slot == adjustment)
    return;

  if (*slot != NULL)
    g_signal_handlers_disconnect_by_func (*slot, on_adjustment_value_changed, self);
  g_clear_object (slot);

  if (adjustment != NULL)
    {
      *slot = g_object_ref_sink (adjustment);
      g_signal_connect_object (adjustment, "value-changed",
                               G_CALLBACK (on_adjustment_value_changed), self,
                               G_CONNECT_SWAPPED);
    }

  update_adjustments (self);
}

static void
ferry_graph_view_set_hadjustment (FerryGraphView *self,
                                  GtkAdjustment  *adjustment)
{
  set_adjustment (self, &self->hadjustment, adjustment);
  g_object_notify (G_OBJECT (self), "hadjustment");
}

static void
ferry_graph_view_set_vadjustment (FerryGraphView *self,
                                  GtkAdjustment  *adjustment)
{
  set_adjustment (self, &self->vadjustment, adjustment);
  g_object_notify (G_OBJECT (self), "vadjustment");
}

/* Card stand-ins for keyboard focus and screen readers */

static void
sync_cards (FerryGraphView *self)
{
  g_autoptr(GArray) visible = g_array_new (FALSE, FALSE, sizeof (guint));
  g_autoptr(GHashTable) keep = g_hash_table_new (NULL, NULL);
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));
  GtkWidget *focus = root ? gtk_root_get_focus (root) : NULL;
  FerryLayoutRect view;
  GHashTableIter iter;
  gpointer key, value;

  if (self->layout == NULL)
    return;

  ferry_viewport_get_visible (&self->viewport, &view.x, &view.y, &view.width, &view.height);

  if (ferry_viewport_get_detail (&self->viewport) != FERRY_DETAIL_MAP)
    ferry_layout_nodes_in_rect (self->layout, &view, visible);
  if (visible->len > MAX_CARDS)
    g_array_set_size (visible, MAX_CARDS);

  for (guint i = 0; i < visible->len; i++)
    g_hash_table_add (keep, GUINT_TO_POINTER (g_array_index (visible, guint, i) + 1));
  /* The selected card keeps its stand-in, so focus stays put. */
  if (self->selected != FERRY_LAYOUT_NONE)
    g_hash_table_add (keep, GUINT_TO_POINTER (self->selected + 1));

  g_hash_table_iter_init (&iter, self->cards);
  while (g_hash_table_iter_next (&iter, &key, &value))
    {
      if (!g_hash_table_contains (keep, GUINT_TO_POINTER (GPOINTER_TO_UINT (key) + 1)) && value != focus)
        {
          gtk_widget_unparent (value);
          g_hash_table_iter_remove (&iter);
        }
    }

  g_hash_table_iter_init (&iter, keep);
  while (g_hash_table_iter_next (&iter, &key, NULL))
    {
      guint node = GPOINTER_TO_UINT (key) - 1;

      if (!g_hash_table_contains (self->cards, GUINT_TO_POINTER (node)))
        {
          FerryGraphCard *card = ferry_graph_card_new ();
          FerryService *service = node_service (self, node);
          g_autofree gchar *label = ferry_graph_view_describe_service (self, service);

          ferry_graph_card_set_service (card, service, node, label);
          gtk_widget_set_parent (GTK_WIDGET (card), GTK_WIDGET (self));
          g_hash_table_insert (self->cards, GUINT_TO_POINTER (node), card);
        }
    }
}

static void
relabel_cards (FerryGraphView *self)
{
  GHashTableIter iter;
  gpointer key, value;

  g_hash_table_iter_init (&iter, self->cards);
  while (g_hash_table_iter_next (&iter, &key, &value))
    {
      FerryService *service = ferry_graph_card_get_service (value);
      g_autofree gchar *label = ferry_graph_view_describe_service (self, service);

      ferry_graph_card_set_service (value, service, GPOINTER_TO_UINT (key), label);
    }
}

/* Tells when the area in view changed, so that the window can tell the
 * metrics what is visible. */
static void
notify_visible (FerryGraphView *self)
{
  FerryLayoutRect view;

  ferry_viewport_get_visible (&self->viewport, &view.x, &view.y, &view.width, &view.height);
  if (memcmp (&view, &self->last_visible, sizeof view) == 0)
    return;

  self->last_visible = view;
  g_signal_emit (self, signals[VISIBLE_CHANGED], 0);
}

static void
ferry_graph_view_size_allocate (GtkWidget *widget,
                                int        width,
                                int        height,
                                int        baseline)
{
  FerryGraphView *self = FERRY_GRAPH_VIEW (widget);
  GHashTableIter iter;
  gpointer key, value;

  ferry_viewport_set_size (&self->viewport, width, height);

  if (self->fit_pending && self->layout != NULL)
    {
      ferry_viewport_fit (&self->viewport);
      self->fit_pending = FALSE;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ZOOM]);
    }

  update_adjustments (self);
  sync_cards (self);
  notify_visible (self);

  g_hash_table_iter_init (&iter, self->cards);
  while (g_hash_table_iter_next (&iter, &key, &value))
    {
      FerryLayoutRect r;
      gdouble x, y;

      ferry_layout_get_node_rect (self->layout, GPOINTER_TO_UINT (key), &r);
      ferry_viewport_to_view (&self->viewport, r.x, r.y, &x, &y);
      gtk_widget_size_allocate (value,
                                &(GtkAllocation) {
                                  (int)floor (x), (int)floor (y),
                                  MAX (1, (int)ceil (r.width * self->viewport.zoom)),
                                  MAX (1, (int)ceil (r.height * self->viewport.zoom)),
                                }, -1);
    }
}

static void
ferry_graph_view_measure (GtkWidget      *widget,
                          GtkOrientation  orientation,
                          int             for_size,
                          int            *minimum,
                          int            *natural,
                          int            *minimum_baseline,
                          int            *natural_baseline)
{
  *minimum = 100;
  *natural = 600;
}

/* Selection and highlight */

static void
scroll_to_node (FerryGraphView *self,
                guint           node)
{
  FerryLayoutRect r;
  gdouble vx, vy, vw, vh;

  ferry_layout_get_node_rect (self->layout, node, &r);
  ferry_viewport_get_visible (&self->viewport, &vx, &vy, &vw, &vh);

  if (r.x < vx || r.y < vy || r.x + r.width > vx + vw || r.y + r.height > vy + vh)
    {
      ferry_viewport_center_on (&self->viewport, r.x, r.y, r.width, r.height);
      viewport_changed (self);
    }
}

static void
select_node (FerryGraphView *self,
             guint           node,
             gboolean        focus)
{
  FerryService *service;

  if (node == self->selected)
    {
      if (focus && node != FERRY_LAYOUT_NONE)
        {
          GtkWidget *card = g_hash_table_lookup (self->cards, GUINT_TO_POINTER (node));
          if (card != NULL)
            gtk_widget_grab_focus (card);
        }
      return;
    }

  self->selected = node;
  g_clear_pointer (&self->highlighted, g_free);

  if (node != FERRY_LAYOUT_NONE && (service = node_service (self, node)))
    {
      g_autoptr(GPtrArray) up = ferry_workspace_get_upstream (self->workspace, service);
      g_autoptr(GPtrArray) down = ferry_workspace_get_downstream (self->workspace, service);

      self->highlighted = g_new0 (guint8, self->node_services->len);
      self->highlighted[node] = TRUE;
      for (guint i = 0; i < up->len; i++)
        self->highlighted[service_node (self, g_ptr_array_index (up, i))] = TRUE;
      for (guint i = 0; i < down->len; i++)
        self->highlighted[service_node (self, g_ptr_array_index (down, i))] = TRUE;

      scroll_to_node (self, node);
    }

  sync_cards (self);
  gtk_widget_queue_allocate (GTK_WIDGET (self));
  invalidate_tiles (self);

  if (focus && node != FERRY_LAYOUT_NONE)
    {
      GtkWidget *card = g_hash_table_lookup (self->cards, GUINT_TO_POINTER (node));

      if (card != NULL)
        gtk_widget_grab_focus (card);
    }

  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SELECTED]);
}

/**
 * ferry_graph_view_select:
 * @self: a #FerryGraphView
 * @service: (nullable): the service to select, %NULL for none
 *
 * Selects @service, scrolls it into view and highlights everything
 * upstream and downstream of it, dimming the rest.
 */
void
ferry_graph_view_select (FerryGraphView *self,
                         FerryService   *service)
{
  g_return_if_fail (FERRY_IS_GRAPH_VIEW (self));

  select_node (self, service ? service_node (self, service) : FERRY_LAYOUT_NONE, FALSE);
}

/**
 * ferry_graph_view_get_selected:
 * @self: a #FerryGraphView
 *
 * Returns: (transfer none) (nullable): the selected service
 */
FerryService *
ferry_graph_view_get_selected (FerryGraphView *self)
{
  g_return_val_if_fail (FERRY_IS_GRAPH_VIEW (self), NULL);

  return self->selected == FERRY_LAYOUT_NONE ? NULL : node_service (self, self->selected);
}

/**
 * ferry_graph_view_is_highlighted:
 * @self: a #FerryGraphView
 * @service: a service
 *
 * Returns: whether @service is drawn at full strength: nothing is
 *   selected, or it is the selection or up- or downstream of it
 */
gboolean
ferry_graph_view_is_highlighted (FerryGraphView *self,
                                 FerryService   *service)
{
  guint node;

  g_return_val_if_fail (FERRY_IS_GRAPH_VIEW (self), FALSE);

  node = service_node (self, service);
  if (node == FERRY_LAYOUT_NONE)
    return FALSE;

  return self->selected == FERRY_LAYOUT_NONE || self->highlighted[node];
}

/* Filtering */

static gboolean
service_matches_text (FerryService *service,
                      const gchar  *needle)
{
  FerryTeam *team = ferry_service_get_team (service);

  if (strstr (ferry_service_get_name (service), needle) ||
      strstr (ferry_repo_get_name (ferry_service_get_repo (service)), needle) ||
      strstr (ferry_build_get_name (ferry_service_get_build (service)), needle) ||
      (team && strstr (ferry_team_get_name (team), needle)))
    return TRUE;

  for (guint i = 0; i < ferry_service_get_n_produces (service); i++)
    if (strstr (ferry_endpoint_get_id (ferry_service_get_produces (service, i)), needle))
      return TRUE;

  for (guint i = 0; i < ferry_service_get_n_consumes (service); i++)
    if (strstr (ferry_endpoint_get_id (ferry_service_get_consumes (service, i)), needle))
      return TRUE;

  return FALSE;
}

static void
update_matches (FerryGraphView *self)
{
  g_autofree gchar *needle = NULL;

  g_clear_pointer (&self->matches, g_free);
  self->n_matches = self->node_services ? self->node_services->len : 0;

  if (self->node_services == NULL ||
      ((self->filter_text == NULL || self->filter_text[0] == '\0') && !self->filter_differing))
    {
      invalidate_tiles (self);
      return;
    }

  needle = self->filter_text ? g_utf8_strdown (self->filter_text, -1) : NULL;
  self->matches = g_new0 (guint8, self->node_services->len);
  self->n_matches = 0;

  for (guint i = 0; i < self->node_services->len; i++)
    {
      FerryService *service = g_ptr_array_index (self->node_services, i);
      gboolean match = TRUE;

      if (service == NULL)
        continue;
      if (needle != NULL && needle[0] != '\0')
        match = service_matches_text (service, needle);
      if (match && self->filter_differing)
        match = differs_between_environments (self, service);

      self->matches[i] = match;
      self->n_matches += match;
    }

  invalidate_tiles (self);
}

/**
 * ferry_graph_view_set_filter:
 * @self: a #FerryGraphView
 * @text: (nullable): matched against names, teams, repos and endpoints
 * @differing_only: keep only services whose versions differ between
 *   environments
 *
 * Dims the services that do not match.
 */
void
ferry_graph_view_set_filter (FerryGraphView *self,
                             const gchar    *text,
                             gboolean        differing_only)
{
  g_return_if_fail (FERRY_IS_GRAPH_VIEW (self));

  g_free (self->filter_text);
  self->filter_text = g_strdup (text);
  self->filter_differing = !!differing_only;
  update_matches (self);

  /* Show the first match. */
  if (self->matches != NULL)
    for (guint i = 0; i < self->node_services->len; i++)
      if (self->matches[i])
        {
          scroll_to_node (self, i);
          break;
        }
}

/**
 * ferry_graph_view_matches:
 * @self: a #FerryGraphView
 * @service: a service
 *
 * Returns: whether @service passes the filter
 */
gboolean
ferry_graph_view_matches (FerryGraphView *self,
                          FerryService   *service)
{
  guint node;

  g_return_val_if_fail (FERRY_IS_GRAPH_VIEW (self), FALSE);

  node = service_node (self, service);
  if (node == FERRY_LAYOUT_NONE)
    return FALSE;

  return self->matches == NULL || self->matches[node];
}

guint
ferry_graph_view_get_n_matches (FerryGraphView *self)
{
  g_return_val_if_fail (FERRY_IS_GRAPH_VIEW (self), 0);

  return self->n_matches;
}

/* Zoom */

gdouble
ferry_graph_view_get_zoom (FerryGraphView *self)
{
  g_return_val_if_fail (FERRY_IS_GRAPH_VIEW (self), 1.0);

  return self->viewport.zoom;
}

/**
 * ferry_graph_view_zoom:
 * @self: a #FerryGraphView
 * @factor: > 1 zooms in, < 1 out
 *
 * Zooms around the middle of the view.
 */
void
ferry_graph_view_zoom (FerryGraphView *self,
                       gdouble         factor)
{
  g_return_if_fail (FERRY_IS_GRAPH_VIEW (self));

  ferry_viewport_zoom_at (&self->viewport, factor, self->viewport.width / 2, self->viewport.height / 2);
  viewport_changed (self);
}

void
ferry_graph_view_fit (FerryGraphView *self)
{
  g_return_if_fail (FERRY_IS_GRAPH_VIEW (self));

  ferry_viewport_fit (&self->viewport);
  viewport_changed (self);
}

/* Keyboard navigation */

static guint
nearest_by_y (FerryGraphView *self,
              guint           from,
              GPtrArray      *candidates)
{
  FerryLayoutRect a;
  guint best = FERRY_LAYOUT_NONE;
  gdouble best_distance = G_MAXDOUBLE;

  ferry_layout_get_node_rect (self->layout, from, &a);

  for (guint i = 0; i < candidates->len; i++)
    {
      guint node = service_node (self, g_ptr_array_index (candidates, i));
      FerryLayoutRect b;
      gdouble distance;

      if (node == FERRY_LAYOUT_NONE)
        continue;

      ferry_layout_get_node_rect (self->layout, node, &b);
      distance = fabs ((b.y + b.height / 2) - (a.y + a.height / 2));
      if (distance < best_distance)
        {
          best_distance = distance;
          best = node;
        }
    }

  return best;
}

static void
move_selection (FerryGraphView *self,
                gint            dx,
                gint            dy)
{
  FerryService *service;
  guint next = FERRY_LAYOUT_NONE;

  if (self->layout == NULL || self->node_services->len == 0)
    return;

  if (self->selected == FERRY_LAYOUT_NONE)
    {
      select_node (self, 0, TRUE);
      return;
    }

  service = node_service (self, self->selected);

  if (dx != 0)
    {
      /* Producers are to the left, consumers to the right. */
      g_autoptr(GPtrArray) candidates = g_ptr_array_new ();
      guint n = dx < 0 ? ferry_service_get_n_dependencies (service) : ferry_service_get_n_dependents (service);

      for (guint i = 0; i < n; i++)
        g_ptr_array_add (candidates, dx < 0 ? ferry_service_get_dependency (service, i)
                                           : ferry_service_get_dependent (service, i));
      next = nearest_by_y (self, self->selected, candidates);
    }
  else
    {
      guint layer = ferry_layout_get_node_layer (self->layout, self->selected);
      GArray *column = layer < self->layers->len ? g_ptr_array_index (self->layers, layer) : NULL;

      for (guint i = 0; column && i < column->len; i++)
        {
          if (g_array_index (column, guint, i) == self->selected)
            {
              if (dy < 0 && i > 0)
                next = g_array_index (column, guint, i - 1);
              else if (dy > 0 && i + 1 < column->len)
                next = g_array_index (column, guint, i + 1);
              break;
            }
        }
    }

  if (next != FERRY_LAYOUT_NONE)
    select_node (self, next, TRUE);
  else
    gtk_widget_error_bell (GTK_WIDGET (self));
}

static void
move_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  gint dx, dy;

  g_variant_get (parameter, "(ii)", &dx, &dy);
  move_selection (FERRY_GRAPH_VIEW (widget), dx, dy);
}

static void
activate_action (GtkWidget  *widget,
                 const char *action_name,
                 GVariant   *parameter)
{
  FerryGraphView *self = FERRY_GRAPH_VIEW (widget);
  FerryService *service = ferry_graph_view_get_selected (self);

  if (service != NULL)
    g_signal_emit (self, signals[SERVICE_ACTIVATED], 0, service);
}

static void
unselect_action (GtkWidget  *widget,
                 const char *action_name,
                 GVariant   *parameter)
{
  select_node (FERRY_GRAPH_VIEW (widget), FERRY_LAYOUT_NONE, FALSE);
}

static void
zoom_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  FerryGraphView *self = FERRY_GRAPH_VIEW (widget);
  gdouble factor = g_variant_get_double (parameter);

  if (factor == 0)
    ferry_graph_view_fit (self);
  else
    ferry_graph_view_zoom (self, factor);
}

/* Pointer */

static void
on_click_pressed (FerryGraphView *self,
                  gint            n_press,
                  gdouble         x,
                  gdouble         y,
                  GtkGestureClick *gesture)
{
  gdouble wx, wy;
  guint node;

  if (self->layout == NULL)
    return;

  gtk_widget_grab_focus (GTK_WIDGET (self));
  ferry_viewport_to_world (&self->viewport, x, y, &wx, &wy);
  node = ferry_layout_node_at_point (self->layout, wx, wy);

  if (n_press == 1)
    select_node (self, node, node != FERRY_LAYOUT_NONE);
  else if (n_press == 2 && node != FERRY_LAYOUT_NONE)
    g_signal_emit (self, signals[SERVICE_ACTIVATED], 0, node_service (self, node));
}

static void
on_drag_begin (FerryGraphView *self,
               gdouble         x,
               gdouble         y,
               GtkGestureDrag *gesture)
{
  self->drag_start_x = self->viewport.x;
  self->drag_start_y = self->viewport.y;
  self->dragging = FALSE;
}

static void
on_drag_update (FerryGraphView *self,
                gdouble         dx,
                gdouble         dy,
                GtkGestureDrag *gesture)
{
  if (!self->dragging && !gtk_drag_check_threshold (GTK_WIDGET (self), 0, 0, (int)dx, (int)dy))
    return;

  self->dragging = TRUE;
  gtk_widget_set_cursor_from_name (GTK_WIDGET (self), "grabbing");
  ferry_viewport_scroll_to (&self->viewport,
                            self->drag_start_x - dx / self->viewport.zoom,
                            self->drag_start_y - dy / self->viewport.zoom);
  viewport_changed (self);
}

static void
on_drag_end (FerryGraphView *self,
             gdouble         dx,
             gdouble         dy,
             GtkGestureDrag *gesture)
{
  self->dragging = FALSE;
  gtk_widget_set_cursor (GTK_WIDGET (self), NULL);
}

static gboolean
on_scroll (FerryGraphView           *self,
           gdouble                   dx,
           gdouble                   dy,
           GtkEventControllerScroll *controller)
{
  GdkModifierType state = gtk_event_controller_get_current_event_state (GTK_EVENT_CONTROLLER (controller));
  gdouble step = gtk_event_controller_scroll_get_unit (controller) == GDK_SCROLL_UNIT_WHEEL ? 48.0 : 1.0;

  if (state & GDK_CONTROL_MASK)
    {
      /* Zoom around the pointer. */
      ferry_viewport_zoom_at (&self->viewport, exp (-dy * (step > 1 ? 0.15 : 0.01)),
                              self->pointer_x, self->pointer_y);
      viewport_changed (self);
      return TRUE;
    }

  ferry_viewport_scroll_to (&self->viewport,
                            self->viewport.x + dx * step / self->viewport.zoom,
                            self->viewport.y + dy * step / self->viewport.zoom);
  viewport_changed (self);

  return TRUE;
}

static void
on_zoom_begin (FerryGraphView  *self,
               GdkEventSequence *sequence,
               GtkGestureZoom   *gesture)
{
  self->zoom_start = self->viewport.zoom;
}

static void
on_zoom_scale_changed (FerryGraphView *self,
                       gdouble         scale,
                       GtkGestureZoom *gesture)
{
  gdouble cx, cy;

  if (!gtk_gesture_get_bounding_box_center (GTK_GESTURE (gesture), &cx, &cy))
    {
      cx = self->viewport.width / 2;
      cy = self->viewport.height / 2;
    }

  ferry_viewport_zoom_at (&self->viewport, self->zoom_start * scale / self->viewport.zoom, cx, cy);
  viewport_changed (self);
}

static void
on_motion (FerryGraphView           *self,
           gdouble                   x,
           gdouble                   y,
           GtkEventControllerMotion *controller)
{
  gdouble wx, wy;
  guint node;

  self->pointer_x = x;
  self->pointer_y = y;

  if (self->layout == NULL)
    return;

  ferry_viewport_to_world (&self->viewport, x, y, &wx, &wy);
  node = ferry_layout_node_at_point (self->layout, wx, wy);

  if (node != self->hovered)
    {
      self->hovered = node;
      gtk_widget_queue_draw (GTK_WIDGET (self));
    }
}

static void
on_leave (FerryGraphView           *self,
          GtkEventControllerMotion *controller)
{
  if (self->hovered != FERRY_LAYOUT_NONE)
    {
      self->hovered = FERRY_LAYOUT_NONE;
      gtk_widget_queue_draw (GTK_WIDGET (self));
    }
}

static gboolean
ferry_graph_view_query_tooltip (GtkWidget  *widget,
                                int         x,
                                int         y,
                                gboolean    keyboard,
                                GtkTooltip *tooltip)
{
  FerryGraphView *self = FERRY_GRAPH_VIEW (widget);
  g_autofree gchar *text = NULL;
  FerryService *service;
  gdouble wx, wy;

  if (self->layout == NULL)
    return FALSE;

  ferry_viewport_to_world (&self->viewport, x, y, &wx, &wy);
  if (!(service = node_service (self, ferry_layout_node_at_point (self->layout, wx, wy))))
    return FALSE;

  /* Zoomed out, the cells have no words: the tooltip gives them. */
  text = ferry_graph_view_describe_service (self, service);
  gtk_tooltip_set_text (tooltip, text);

  return TRUE;
}

static gboolean
ferry_graph_view_grab_focus (GtkWidget *widget)
{
  FerryGraphView *self = FERRY_GRAPH_VIEW (widget);
  GtkWidget *card;

  if (self->selected != FERRY_LAYOUT_NONE &&
      (card = g_hash_table_lookup (self->cards, GUINT_TO_POINTER (self->selected))))
    return gtk_widget_grab_focus (card);

  return GTK_WIDGET_CLASS (ferry_graph_view_parent_class)->grab_focus (widget);
}

/* Layout */

static void
compute_behind_thread (GTask        *task,
                       gpointer      source_object,
                       gpointer      task_data,
                       GCancellable *cancellable)
{
  GPtrArray *jobs = task_data;
  GHashTable *behind = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);

  /* jobs: runs of four: key, repo path, deployed version, branch head */
  for (guint i = 0; i + 3 < jobs->len; i += 4)
    {
      gsize ahead = 0, back = 0;

      if (g_cancellable_is_cancelled (cancellable))
        break;

      if (ferry_git_count_between (g_ptr_array_index (jobs, i + 1), g_ptr_array_index (jobs, i + 2),
                                   g_ptr_array_index (jobs, i + 3), &ahead, &back, NULL) && ahead > 0)
        g_hash_table_insert (behind, g_strdup (g_ptr_array_index (jobs, i)), GUINT_TO_POINTER ((guint)ahead));
    }

  g_task_return_pointer (task, behind, (GDestroyNotify)g_hash_table_unref);
}

static void
on_behind_computed (GObject      *object,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  FerryGraphView *self = FERRY_GRAPH_VIEW (object);
  GHashTable *behind = g_task_propagate_pointer (G_TASK (result), NULL);

  if (behind == NULL)
    return;

  g_clear_pointer (&self->behind, g_hash_table_unref);
  self->behind = behind;
  invalidate_tiles (self);
}

/* How far each deployed version is behind its repo's branch head comes
 * from git, in a worker thread. */
static void
compute_behind (FerryGraphView *self)
{
  g_autoptr(GTask) task = NULL;
  GPtrArray *jobs;
  guint n_services, n_envs;

  if (self->workspace == NULL || self->state == NULL)
    return;

  jobs = g_ptr_array_new_with_free_func (g_free);
  n_services = ferry_workspace_get_n_services (self->workspace);
  n_envs = ferry_workspace_get_n_environments (self->workspace);

  for (guint i = 0; i < n_services; i++)
    {
      FerryService *service = ferry_workspace_get_service_at (self->workspace, i);
      FerryRepo *repo = ferry_service_get_repo (service);

      if (ferry_repo_get_head (repo) == NULL || ferry_repo_get_path (repo) == NULL)
        continue;

      for (guint j = 0; j < n_envs; j++)
        {
          FerryEnvironment *env = ferry_workspace_get_environment_at (self->workspace, j);
          const FerryDeployed *deployed = lookup_deployed (self, service, env);

          if (deployed == NULL || deployed->version == NULL ||
              g_strcmp0 (deployed->version, ferry_repo_get_head (repo)) == 0)
            continue;

          g_ptr_array_add (jobs, g_strdup_printf ("%s\n%s", ferry_service_get_name (service), ferry_environment_get_name (env)));
          g_ptr_array_add (jobs, g_strdup (ferry_repo_get_path (repo)));
          g_ptr_array_add (jobs, g_strdup (deployed->version));
          g_ptr_array_add (jobs, g_strdup (ferry_repo_get_head (repo)));
        }
    }

  task = g_task_new (self, self->cancellable, on_behind_computed, NULL);
  g_task_set_source_tag (task, compute_behind);
  g_task_set_task_data (task, jobs, (GDestroyNotify)g_ptr_array_unref);
  g_task_run_in_thread (task, compute_behind_thread);
}

static gint
compare_node_y (gconstpointer a,
                gconstpointer b,
                gpointer      user_data)
{
  FerryLayout *layout = user_data;
  FerryLayoutRect ra, rb;

  ferry_layout_get_node_rect (layout, *(const guint *)a, &ra);
  ferry_layout_get_node_rect (layout, *(const guint *)b, &rb);

  return (ra.y > rb.y) - (ra.y < rb.y);
}

static void
on_layout_computed (GObject      *object,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  g_autoptr(FerryGraphView) self = user_data;
  g_autoptr(GError) error = NULL;
  FerryLayout *layout;
  FerryLayoutRect bounds;
  guint n_nodes;

  if (!(layout = ferry_layout_compute_finish (result, &error)))
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        g_warning ("Cannot lay the graph out: %s", error->message);
      return;
    }

  g_clear_pointer (&self->layout, ferry_layout_unref);
  self->layout = layout;

  n_nodes = ferry_layout_get_n_nodes (layout);
  g_clear_pointer (&self->node_services, g_ptr_array_unref);
  g_clear_pointer (&self->service_nodes, g_hash_table_unref);
  self->node_services = g_ptr_array_new ();
  self->service_nodes = g_hash_table_new (NULL, NULL);
  g_ptr_array_set_size (self->node_services, n_nodes);

  for (guint i = 0; i < n_nodes; i++)
    {
      FerryService *service = ferry_workspace_get_service (self->workspace, ferry_layout_get_node_name (layout, i));

      g_ptr_array_index (self->node_services, i) = service;
      if (service != NULL)
        g_hash_table_insert (self->service_nodes, service, GUINT_TO_POINTER (i + 1));
    }

  g_clear_pointer (&self->layers, g_ptr_array_unref);
  self->layers = g_ptr_array_new_with_free_func ((GDestroyNotify)g_array_unref);
  for (guint i = 0; i < n_nodes; i++)
    {
      guint layer = ferry_layout_get_node_layer (layout, i);

      while (self->layers->len <= layer)
        g_ptr_array_add (self->layers, g_array_new (FALSE, FALSE, sizeof (guint)));
      g_array_append_val (g_ptr_array_index (self->layers, layer), i);
    }
  for (guint i = 0; i < self->layers->len; i++)
    g_array_sort_with_data (g_ptr_array_index (self->layers, i), compare_node_y, layout);

  ferry_layout_get_bounds (layout, &bounds);
  ferry_viewport_set_world (&self->viewport, bounds.x, bounds.y, bounds.width, bounds.height);
  self->fit_pending = TRUE;

  update_matches (self);
  gtk_widget_queue_allocate (GTK_WIDGET (self));
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_READY]);
}

static void
clear_graph (FerryGraphView *self)
{
  GHashTableIter iter;
  gpointer value;

  g_hash_table_iter_init (&iter, self->cards);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    {
      gtk_widget_unparent (value);
      g_hash_table_iter_remove (&iter);
    }

  g_clear_pointer (&self->layout, ferry_layout_unref);
  g_clear_pointer (&self->node_services, g_ptr_array_unref);
  g_clear_pointer (&self->service_nodes, g_hash_table_unref);
  g_clear_pointer (&self->layers, g_ptr_array_unref);
  g_clear_pointer (&self->highlighted, g_free);
  g_clear_pointer (&self->matches, g_free);
  self->selected = FERRY_LAYOUT_NONE;
  self->hovered = FERRY_LAYOUT_NONE;
  clear_tiles (self);
}

/**
 * ferry_graph_view_set_workspace:
 * @self: a #FerryGraphView
 * @workspace: (nullable): the workspace to show
 *
 * Lays the workspace's graph out in a worker thread and shows it, fitted
 * to the view. The selection is kept when the service is still there.
 */
void
ferry_graph_view_set_workspace (FerryGraphView *self,
                                FerryWorkspace *workspace)
{
  g_autoptr(FerryLayoutGraph) graph = NULL;
  g_autoptr(FerryLayout) previous = NULL;

  g_return_if_fail (FERRY_IS_GRAPH_VIEW (self));
  g_return_if_fail (!workspace || FERRY_IS_WORKSPACE (workspace));

  if (self->workspace == workspace)
    return;

  /* A reloaded workspace keeps its cards where people last saw them. */
  if (self->layout != NULL && self->workspace != NULL && workspace != NULL &&
      g_strcmp0 (ferry_workspace_get_directory (self->workspace), ferry_workspace_get_directory (workspace)) == 0)
    previous = ferry_layout_ref (self->layout);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  self->cancellable = g_cancellable_new ();

  clear_graph (self);
  g_set_object (&self->workspace, workspace);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_WORKSPACE]);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_READY]);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SELECTED]);
  gtk_widget_queue_draw (GTK_WIDGET (self));

  if (workspace == NULL)
    return;

  graph = ferry_graph_new_layout_graph (workspace);
  if (previous != NULL)
    ferry_layout_graph_set_previous (graph, previous);

  ferry_layout_compute_async (graph, self->cancellable, on_layout_computed, g_object_ref (self));
  compute_behind (self);
}

/**
 * ferry_graph_view_get_workspace:
 * @self: a #FerryGraphView
 *
 * Returns: (transfer none) (nullable): the workspace shown
 */
FerryWorkspace *
ferry_graph_view_get_workspace (FerryGraphView *self)
{
  g_return_val_if_fail (FERRY_IS_GRAPH_VIEW (self), NULL);

  return self->workspace;
}

/**
 * ferry_graph_view_set_state:
 * @self: a #FerryGraphView
 * @state: (nullable): what runs where; %NULL shows nothing deployed
 */
void
ferry_graph_view_set_state (FerryGraphView     *self,
                            FerryStateSnapshot *state)
{
  g_return_if_fail (FERRY_IS_GRAPH_VIEW (self));

  if (self->state == state)
    return;

  g_clear_pointer (&self->state, ferry_state_snapshot_unref);
  self->state = state ? ferry_state_snapshot_ref (state) : NULL;

  relabel_cards (self);
  update_matches (self);
  compute_behind (self);
}

/**
 * ferry_graph_view_get_layout:
 * @self: a #FerryGraphView
 *
 * Returns: (transfer none) (nullable): the layout, once computed
 */
FerryLayout *
ferry_graph_view_get_layout (FerryGraphView *self)
{
  g_return_val_if_fail (FERRY_IS_GRAPH_VIEW (self), NULL);

  return self->layout;
}

gboolean
ferry_graph_view_is_ready (FerryGraphView *self)
{
  g_return_val_if_fail (FERRY_IS_GRAPH_VIEW (self), FALSE);

  return self->layout != NULL;
}

/**
 * ferry_graph_view_get_card:
 * @self: a #FerryGraphView
 * @service: a service
 *
 * Returns: (transfer none) (nullable): the focusable stand-in of
 *   @service's card, while it is in view
 */
GtkWidget *
ferry_graph_view_get_card (FerryGraphView *self,
                           FerryService   *service)
{
  guint node;

  g_return_val_if_fail (FERRY_IS_GRAPH_VIEW (self), NULL);

  node = service_node (self, service);
  if (node == FERRY_LAYOUT_NONE)
    return NULL;

  return g_hash_table_lookup (self->cards, GUINT_TO_POINTER (node));
}

GtkWidget *
ferry_graph_view_new (void)
{
  return g_object_new (FERRY_TYPE_GRAPH_VIEW, NULL);
}

static void
ferry_graph_view_css_changed (GtkWidget         *widget,
                              GtkCssStyleChange *change)
{
  GTK_WIDGET_CLASS (ferry_graph_view_parent_class)->css_changed (widget, change);

  /* Dark mode and high contrast change the palette. */
  invalidate_tiles (FERRY_GRAPH_VIEW (widget));
}

static void
ferry_graph_view_unrealize (GtkWidget *widget)
{
  FerryGraphView *self = FERRY_GRAPH_VIEW (widget);

  /* Textures belong to the renderer going away. */
  g_clear_handle_id (&self->prefetch_source, g_source_remove);
  g_clear_handle_id (&self->redraw_source, g_source_remove);
  clear_tiles (self);

  GTK_WIDGET_CLASS (ferry_graph_view_parent_class)->unrealize (widget);
}

static void
ferry_graph_view_dispose (GObject *object)
{
  FerryGraphView *self = FERRY_GRAPH_VIEW (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_handle_id (&self->prefetch_source, g_source_remove);
  g_clear_handle_id (&self->redraw_source, g_source_remove);
  g_clear_handle_id (&self->refresh_source, g_source_remove);
  if (self->column_destroy != NULL)
    g_clear_pointer (&self->column_data, self->column_destroy);
  self->column_func = NULL;
  self->column_destroy = NULL;
  clear_graph (self);
  set_adjustment (self, &self->hadjustment, NULL);
  set_adjustment (self, &self->vadjustment, NULL);
  g_clear_object (&self->workspace);
  g_clear_pointer (&self->state, ferry_state_snapshot_unref);
  g_clear_object (&self->cancellable);

  G_OBJECT_CLASS (ferry_graph_view_parent_class)->dispose (object);
}

static void
ferry_graph_view_finalize (GObject *object)
{
  FerryGraphView *self = FERRY_GRAPH_VIEW (object);

  g_clear_pointer (&self->tiles, g_hash_table_unref);
  g_clear_pointer (&self->stale_tiles, g_hash_table_unref);
  g_clear_pointer (&self->to_refresh, g_hash_table_unref);
  if (self->tile_order != NULL)
    g_queue_free_full (self->tile_order, g_free);
  self->tile_order = NULL;
  g_clear_pointer (&self->cards, g_hash_table_unref);
  g_clear_pointer (&self->behind, g_hash_table_unref);
  g_clear_pointer (&self->filter_text, g_free);

  G_OBJECT_CLASS (ferry_graph_view_parent_class)->finalize (object);
}

static void
ferry_graph_view_get_property (GObject    *object,
                               guint       prop_id,
                               GValue     *value,
                               GParamSpec *pspec)
{
  FerryGraphView *self = FERRY_GRAPH_VIEW (object);

  switch (prop_id)
    {
    case PROP_WORKSPACE:
      g_value_set_object (value, self->workspace);
      break;

    case PROP_SELECTED:
      g_value_set_object (value, ferry_graph_view_get_selected (self));
      break;

    case PROP_READY:
      g_value_set_boolean (value, self->layout != NULL);
      break;

    case PROP_ZOOM:
      g_value_set_double (value, self->viewport.zoom);
      break;

    case PROP_HADJUSTMENT:
      g_value_set_object (value, self->hadjustment);
      break;

    case PROP_VADJUSTMENT:
      g_value_set_object (value, self->vadjustment);
      break;

    case PROP_HSCROLL_POLICY:
      g_value_set_enum (value, self->hscroll_policy);
      break;

    case PROP_VSCROLL_POLICY:
      g_value_set_enum (value, self->vscroll_policy);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ferry_graph_view_set_property (GObject      *object,
                               guint         prop_id,
                               const GValue *value,
                               GParamSpec   *pspec)
{
  FerryGraphView *self = FERRY_GRAPH_VIEW (object);

  switch (prop_id)
    {
    case PROP_WORKSPACE:
      ferry_graph_view_set_workspace (self, g_value_get_object (value));
      break;

    case PROP_SELECTED:
      ferry_graph_view_select (self, g_value_get_object (value));
      break;

    case PROP_HADJUSTMENT:
      ferry_graph_view_set_hadjustment (self, g_value_get_object (value));
      break;

    case PROP_VADJUSTMENT:
      ferry_graph_view_set_vadjustment (self, g_value_get_object (value));
      break;

    case PROP_HSCROLL_POLICY:
      self->hscroll_policy = g_value_get_enum (value);
      gtk_widget_queue_resize (GTK_WIDGET (self));
      break;

    case PROP_VSCROLL_POLICY:
      self->vscroll_policy = g_value_get_enum (value);
      gtk_widget_queue_resize (GTK_WIDGET (self));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ferry_graph_view_class_init (FerryGraphViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = ferry_graph_view_dispose;
  object_class->finalize = ferry_graph_view_finalize;
  object_class->get_property = ferry_graph_view_get_property;
  object_class->set_property = ferry_graph_view_set_property;

  widget_class->snapshot = ferry_graph_view_snapshot;
  widget_class->size_allocate = ferry_graph_view_size_allocate;
  widget_class->measure = ferry_graph_view_measure;
  widget_class->query_tooltip = ferry_graph_view_query_tooltip;
  widget_class->grab_focus = ferry_graph_view_grab_focus;
  widget_class->css_changed = ferry_graph_view_css_changed;
  widget_class->unrealize = ferry_graph_view_unrealize;

  properties[PROP_WORKSPACE] =
    g_param_spec_object ("workspace", NULL, NULL, FERRY_TYPE_WORKSPACE,
                         (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));
  properties[PROP_SELECTED] =
    g_param_spec_object ("selected", NULL, NULL, FERRY_TYPE_SERVICE,
                         (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));
  properties[PROP_READY] =
    g_param_spec_boolean ("ready", NULL, NULL, FALSE,
                          (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));
  properties[PROP_ZOOM] =
    g_param_spec_double ("zoom", NULL, NULL, 0, G_MAXDOUBLE, 1,
                         (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);

  g_object_class_override_property (object_class, PROP_HADJUSTMENT, "hadjustment");
  g_object_class_override_property (object_class, PROP_VADJUSTMENT, "vadjustment");
  g_object_class_override_property (object_class, PROP_HSCROLL_POLICY, "hscroll-policy");
  g_object_class_override_property (object_class, PROP_VSCROLL_POLICY, "vscroll-policy");

  /**
   * FerryGraphView::service-activated:
   * @self: a #FerryGraphView
   * @service: the service
   *
   * A card was double-clicked, or Enter pressed on it: show its details.
   */
  signals[SERVICE_ACTIVATED] =
    g_signal_new ("service-activated",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, FERRY_TYPE_SERVICE);

  /**
   * FerryGraphView::visible-changed:
   * @self: a #FerryGraphView
   *
   * The area in view moved or was zoomed: what
   * ferry_graph_view_list_visible_services() returns may have changed.
   */
  signals[VISIBLE_CHANGED] =
    g_signal_new ("visible-changed",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 0);

  gtk_widget_class_install_action (widget_class, "graph.move", "(ii)", move_action);
  gtk_widget_class_install_action (widget_class, "graph.activate", NULL, activate_action);
  gtk_widget_class_install_action (widget_class, "graph.unselect", NULL, unselect_action);
  gtk_widget_class_install_action (widget_class, "graph.zoom", "d", zoom_action);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Left, 0, "graph.move", "(ii)", -1, 0);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Right, 0, "graph.move", "(ii)", 1, 0);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Up, 0, "graph.move", "(ii)", 0, -1);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Down, 0, "graph.move", "(ii)", 0, 1);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Return, 0, "graph.activate", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_KP_Enter, 0, "graph.activate", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_space, 0, "graph.activate", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "graph.unselect", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_plus, 0, "graph.zoom", "d", 1.25);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_equal, 0, "graph.zoom", "d", 1.25);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_KP_Add, 0, "graph.zoom", "d", 1.25);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_minus, 0, "graph.zoom", "d", 0.8);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_KP_Subtract, 0, "graph.zoom", "d", 0.8);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_0, 0, "graph.zoom", "d", 0.0);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_KP_0, 0, "graph.zoom", "d", 0.0);

  gtk_widget_class_set_css_name (widget_class, "graphview");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_GROUP);
}

/* Empty tiles are cached too, as NULL: nothing to draw there. */
static void
tile_free (gpointer texture)
{
  if (texture != NULL)
    g_object_unref (texture);
}

static void
ferry_graph_view_init (FerryGraphView *self)
{
  GtkGesture *click, *drag, *zoom;
  GtkEventController *scroll, *motion;

  self->selected = FERRY_LAYOUT_NONE;
  self->hovered = FERRY_LAYOUT_NONE;
  self->tiles = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, tile_free);
  self->tile_order = g_queue_new ();
  self->stale_tiles = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  self->to_refresh = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  self->cards = g_hash_table_new (NULL, NULL);
  self->behind = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  self->cancellable = g_cancellable_new ();
  ferry_viewport_init (&self->viewport);

  gtk_widget_set_focusable (GTK_WIDGET (self), TRUE);
  gtk_widget_set_overflow (GTK_WIDGET (self), GTK_OVERFLOW_HIDDEN);
  gtk_widget_set_has_tooltip (GTK_WIDGET (self), TRUE);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("Service graph"),
                                  GTK_ACCESSIBLE_PROPERTY_DESCRIPTION,
                                  _("Arrow keys move along dependencies and within a layer; Enter shows details"),
                                  -1);

  click = gtk_gesture_click_new ();
  gtk_gesture_single_set_button (GTK_GESTURE_SINGLE (click), GDK_BUTTON_PRIMARY);
  g_signal_connect_swapped (click, "pressed", G_CALLBACK (on_click_pressed), self);
  gtk_widget_add_controller (GTK_WIDGET (self), GTK_EVENT_CONTROLLER (click));

  drag = gtk_gesture_drag_new ();
  gtk_gesture_single_set_button (GTK_GESTURE_SINGLE (drag), 0);
  g_signal_connect_swapped (drag, "drag-begin", G_CALLBACK (on_drag_begin), self);
  g_signal_connect_swapped (drag, "drag-update", G_CALLBACK (on_drag_update), self);
  g_signal_connect_swapped (drag, "drag-end", G_CALLBACK (on_drag_end), self);
  gtk_widget_add_controller (GTK_WIDGET (self), GTK_EVENT_CONTROLLER (drag));

  zoom = gtk_gesture_zoom_new ();
  g_signal_connect_swapped (zoom, "begin", G_CALLBACK (on_zoom_begin), self);
  g_signal_connect_swapped (zoom, "scale-changed", G_CALLBACK (on_zoom_scale_changed), self);
  gtk_widget_add_controller (GTK_WIDGET (self), GTK_EVENT_CONTROLLER (zoom));

  scroll = gtk_event_controller_scroll_new (GTK_EVENT_CONTROLLER_SCROLL_BOTH_AXES);
  g_signal_connect_swapped (scroll, "scroll", G_CALLBACK (on_scroll), self);
  gtk_widget_add_controller (GTK_WIDGET (self), scroll);

  motion = gtk_event_controller_motion_new ();
  g_signal_connect_swapped (motion, "motion", G_CALLBACK (on_motion), self);
  g_signal_connect_swapped (motion, "leave", G_CALLBACK (on_leave), self);
  gtk_widget_add_controller (GTK_WIDGET (self), motion);
}

/* Extra drawing in the environment columns (sparklines) */

/**
 * ferry_graph_view_set_column_func:
 * @self: a #FerryGraphView
 * @func: (nullable): draws more in an environment column of a card
 * @user_data: data for @func
 * @destroy: (nullable): frees @user_data
 *
 * Lets @func draw in each environment column of the cards, below the
 * status, when cards show every detail (zoomed in). What it draws is
 * cached with the rest of the card: ferry_graph_view_refresh_services()
 * says when it changed.
 */
void
ferry_graph_view_set_column_func (FerryGraphView           *self,
                                  FerryGraphViewColumnFunc  func,
                                  gpointer                  user_data,
                                  GDestroyNotify            destroy)
{
  g_return_if_fail (FERRY_IS_GRAPH_VIEW (self));

  if (self->column_destroy != NULL)
    self->column_destroy (self->column_data);

  self->column_func = func;
  self->column_data = user_data;
  self->column_destroy = destroy;

  if (self->tiles != NULL)
    invalidate_tiles (self);
}

static gboolean
tile_rect_from_key (const gchar     *key,
                    gint            *level,
                    FerryLayoutRect *rect)
{
  gint tx, ty;
  gdouble size;

  if (sscanf (key, "%d:%d:%d", level, &tx, &ty) != 3)
    return FALSE;

  size = TILE_PIXELS / exp2 (*level / 4.0);
  *rect = (FerryLayoutRect) { tx * size, ty * size, size, size };

  return TRUE;
}

static gboolean
rects_intersect (const FerryLayoutRect *a,
                 const FerryLayoutRect *b)
{
  return a->x < b->x + b->width && b->x < a->x + a->width &&
         a->y < b->y + b->height && b->y < a->y + a->height;
}

/* Marks the cached tiles of the current zoom level that show a card to
 * refresh as stale: they are rebuilt when next drawn, and drawn as they
 * were until then. Only cards showing every detail draw columns. */
static gboolean
refresh_cb (gpointer data)
{
  FerryGraphView *self = data;
  g_autoptr(GArray) cards = g_array_new (FALSE, FALSE, sizeof (FerryLayoutRect));
  GHashTableIter iter;
  const gchar *name;
  gint current_level;
  gboolean any = FALSE;

  self->refresh_source = 0;
  self->last_refresh = g_get_monotonic_time ();

  if (self->layout == NULL || ferry_viewport_get_detail (&self->viewport) != FERRY_DETAIL_FULL)
    {
      g_hash_table_remove_all (self->to_refresh);
      return G_SOURCE_REMOVE;
    }

  g_hash_table_iter_init (&iter, self->to_refresh);
  while (g_hash_table_iter_next (&iter, (gpointer *)&name, NULL))
    {
      FerryService *service = self->workspace ? ferry_workspace_get_service (self->workspace, name) : NULL;
      guint node = service ? service_node (self, service) : FERRY_LAYOUT_NONE;
      FerryLayoutRect r;

      if (node == FERRY_LAYOUT_NONE)
        continue;
      ferry_layout_get_node_rect (self->layout, node, &r);
      g_array_append_val (cards, r);
    }
  g_hash_table_remove_all (self->to_refresh);

  current_level = (gint)floor (log2 (self->viewport.zoom) * 4 + 0.5);
  for (GList *l = self->tile_order->head; l != NULL; l = l->next)
    {
      FerryLayoutRect tile;
      gint level;

      if (!tile_rect_from_key (l->data, &level, &tile) || level != current_level)
        continue;

      for (guint i = 0; i < cards->len; i++)
        if (rects_intersect (&tile, &g_array_index (cards, FerryLayoutRect, i)))
          {
            g_hash_table_add (self->stale_tiles, g_strdup (l->data));
            any = TRUE;
            break;
          }
    }

  if (any)
    gtk_widget_queue_draw (GTK_WIDGET (self));

  return G_SOURCE_REMOVE;
}

/**
 * ferry_graph_view_refresh_services:
 * @self: a #FerryGraphView
 * @services: (array zero-terminated=1): names of services whose columns
 *   changed (new samples)
 *
 * Redraws the cards of @services, at most once a second: only the cached
 * tiles that show them are rasterized again.
 */
void
ferry_graph_view_refresh_services (FerryGraphView      *self,
                                   const gchar * const *services)
{
  gint64 wait;

  g_return_if_fail (FERRY_IS_GRAPH_VIEW (self));
  g_return_if_fail (services != NULL);

  for (guint i = 0; services[i] != NULL; i++)
    g_hash_table_add (self->to_refresh, g_strdup (services[i]));

  if (self->refresh_source != 0 || g_hash_table_size (self->to_refresh) == 0)
    return;

  wait = self->last_refresh + REFRESH_USEC - g_get_monotonic_time ();
  if (wait <= 0)
    refresh_cb (self);
  else
    {
      self->refresh_source = g_timeout_add ((guint)(wait / 1000) + 1, refresh_cb, self);
      g_source_set_name_by_id (self->refresh_source, "[ferry] graph column refresh");
    }
}

/**
 * ferry_graph_view_list_visible_services:
 * @self: a #FerryGraphView
 *
 * Returns: (transfer full): the names of the services whose cards are in
 *   view and show every detail (none when zoomed out)
 */
GStrv
ferry_graph_view_list_visible_services (FerryGraphView *self)
{
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  g_autoptr(GArray) nodes = g_array_new (FALSE, FALSE, sizeof (guint));
  FerryLayoutRect view;

  g_return_val_if_fail (FERRY_IS_GRAPH_VIEW (self), NULL);

  if (self->layout != NULL && ferry_viewport_get_detail (&self->viewport) == FERRY_DETAIL_FULL)
    {
      ferry_viewport_get_visible (&self->viewport, &view.x, &view.y, &view.width, &view.height);
      ferry_layout_nodes_in_rect (self->layout, &view, nodes);
    }

  for (guint i = 0; i < nodes->len; i++)
    {
      FerryService *service = node_service (self, g_array_index (nodes, guint, i));

      if (service != NULL)
        g_strv_builder_add (builder, ferry_service_get_name (service));
    }

  return g_strv_builder_end (builder);
}
