/* ferry-endpoint.c
 *
 * Copyright 2026 The Ferry authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "ferry-endpoint"

#include "config.h"

#include <string.h>

#include "ferry-model-private.h"

G_DEFINE_FINAL_TYPE (FerryEndpoint, ferry_endpoint, G_TYPE_OBJECT)

static void
ferry_endpoint_finalize (GObject *object)
{
  FerryEndpoint *self = FERRY_ENDPOINT (object);

  g_clear_pointer (&self->id, g_free);
  g_clear_pointer (&self->kind, g_free);
  g_clear_pointer (&self->name, g_free);
  g_clear_pointer (&self->consumers, g_ptr_array_unref);

  G_OBJECT_CLASS (ferry_endpoint_parent_class)->finalize (object);
}

static void
ferry_endpoint_class_init (FerryEndpointClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = ferry_endpoint_finalize;
}

static void
ferry_endpoint_init (FerryEndpoint *self)
{
  self->consumers = g_ptr_array_new ();
}

/**
 * ferry_endpoint_get_id:
 * @self: a #FerryEndpoint
 *
 * Returns: `kind:name`, as written in `produces` and `consumes`
 */
const gchar *
ferry_endpoint_get_id (FerryEndpoint *self)
{
  g_return_val_if_fail (FERRY_IS_ENDPOINT (self), NULL);

  return self->id;
}

const gchar *
ferry_endpoint_get_kind (FerryEndpoint *self)
{
  g_return_val_if_fail (FERRY_IS_ENDPOINT (self), NULL);

  return self->kind;
}

const gchar *
ferry_endpoint_get_name (FerryEndpoint *self)
{
  g_return_val_if_fail (FERRY_IS_ENDPOINT (self), NULL);

  return self->name;
}

/**
 * ferry_endpoint_get_producer:
 * @self: a #FerryEndpoint
 *
 * Returns: (transfer none) (nullable): the service that produces it, %NULL
 *   for an external dependency
 */
FerryService *
ferry_endpoint_get_producer (FerryEndpoint *self)
{
  g_return_val_if_fail (FERRY_IS_ENDPOINT (self), NULL);

  return self->producer;
}

gboolean
ferry_endpoint_is_external (FerryEndpoint *self)
{
  g_return_val_if_fail (FERRY_IS_ENDPOINT (self), FALSE);

  return self->producer == NULL;
}

guint
ferry_endpoint_get_n_consumers (FerryEndpoint *self)
{
  g_return_val_if_fail (FERRY_IS_ENDPOINT (self), 0);

  return self->consumers->len;
}

/**
 * ferry_endpoint_get_consumer:
 * @self: a #FerryEndpoint
 * @index: which one
 *
 * Returns: (transfer none): a service that consumes it
 */
FerryService *
ferry_endpoint_get_consumer (FerryEndpoint *self,
                             guint          index)
{
  g_return_val_if_fail (FERRY_IS_ENDPOINT (self), NULL);
  g_return_val_if_fail (index < self->consumers->len, NULL);

  return g_ptr_array_index (self->consumers, index);
}

static gboolean
is_identifier (const gchar *s,
               gsize        len)
{
  if (len == 0 || !(g_ascii_islower (s[0]) || g_ascii_isdigit (s[0])))
    return FALSE;

  for (gsize i = 1; i < len; i++)
    if (!(g_ascii_islower (s[i]) || g_ascii_isdigit (s[i]) || s[i] == '.' || s[i] == '_' || s[i] == '-'))
      return FALSE;

  return TRUE;
}

/**
 * ferry_endpoint_parse:
 * @text: an endpoint as written, `kind:name`
 * @kind: (out) (optional) (transfer full): the kind, such as `http`
 * @name: (out) (optional) (transfer full): the name, such as `cart`
 *
 * Both parts are lower-case letters, digits, `.`, `_` and `-`, starting
 * with a letter or digit.
 *
 * Returns: whether @text is a valid endpoint
 */
gboolean
ferry_endpoint_parse (const gchar  *text,
                      gchar       **kind,
                      gchar       **name)
{
  const gchar *colon;

  g_return_val_if_fail (text != NULL, FALSE);

  colon = strchr (text, ':');
  if (colon == NULL ||
      !is_identifier (text, colon - text) ||
      !is_identifier (colon + 1, strlen (colon + 1)))
    return FALSE;

  if (kind != NULL)
    *kind = g_strndup (text, colon - text);
  if (name != NULL)
    *name = g_strdup (colon + 1);

  return TRUE;
}
