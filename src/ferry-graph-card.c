/* ferry-graph-card.c
 *
 * Copyright 2026 The Ferry authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "ferry-graph-card"

#include "config.h"

#include "ferry-graph-card.h"

/* The graph view draws every card itself, from cached render nodes. A
 * FerryGraphCard stands over each card in view so that keyboard focus and
 * screen readers have a real, labelled object to land on; it draws only
 * the focus ring. */

struct _FerryGraphCard
{
  GtkWidget     parent_instance;

  FerryService *service;   /* borrowed from the workspace */
  guint         node;
};

G_DEFINE_FINAL_TYPE (FerryGraphCard, ferry_graph_card, GTK_TYPE_WIDGET)

static void
ferry_graph_card_class_init (FerryGraphCardClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  gtk_widget_class_set_css_name (widget_class, "graphcard");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_BUTTON);
}

static void
ferry_graph_card_init (FerryGraphCard *self)
{
  gtk_widget_set_focusable (GTK_WIDGET (self), TRUE);
  /* Pointer input goes to the view, which knows the whole graph. */
  gtk_widget_set_can_target (GTK_WIDGET (self), FALSE);
}

FerryGraphCard *
ferry_graph_card_new (void)
{
  return g_object_new (FERRY_TYPE_GRAPH_CARD, NULL);
}

/**
 * ferry_graph_card_set_service:
 * @self: a #FerryGraphCard
 * @service: (nullable): the service it stands for
 * @node: its node in the layout
 * @label: what screen readers say for it
 */
void
ferry_graph_card_set_service (FerryGraphCard *self,
                              FerryService   *service,
                              guint           node,
                              const gchar    *label)
{
  g_return_if_fail (FERRY_IS_GRAPH_CARD (self));

  self->service = service;
  self->node = node;
  gtk_accessible_update_property (GTK_ACCESSIBLE (self),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, label,
                                  -1);
}

/**
 * ferry_graph_card_get_service:
 * @self: a #FerryGraphCard
 *
 * Returns: (transfer none) (nullable): the service it stands for
 */
FerryService *
ferry_graph_card_get_service (FerryGraphCard *self)
{
  g_return_val_if_fail (FERRY_IS_GRAPH_CARD (self), NULL);

  return self->service;
}

guint
ferry_graph_card_get_node (FerryGraphCard *self)
{
  g_return_val_if_fail (FERRY_IS_GRAPH_CARD (self), G_MAXUINT);

  return self->node;
}
