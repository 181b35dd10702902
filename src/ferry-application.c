/* ferry-application.c
 *
 * Copyright 2026 The Ferry authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "ferry-application"

#include "config.h"

#include <glib/gi18n.h>

#include "ferry-core.h"

#include "ferry-application.h"
#include "ferry-preferences-window.h"
#include "ferry-window.h"

#define MAX_RECENT 10

struct _FerryApplication
{
  AdwApplication  parent_instance;

  GSettings      *settings;
};

G_DEFINE_FINAL_TYPE (FerryApplication, ferry_application, ADW_TYPE_APPLICATION)

FerryApplication *
ferry_application_new (void)
{
  return g_object_new (FERRY_TYPE_APPLICATION,
                       "application-id", APP_ID,
                       "flags", G_APPLICATION_HANDLES_OPEN,
                       "resource-base-path", "/io/github/ferrydeploy/Ferry",
                       NULL);
}

/**
 * ferry_application_get_settings:
 * @self: a #FerryApplication
 *
 * Returns: (transfer none): the application's settings
 */
GSettings *
ferry_application_get_settings (FerryApplication *self)
{
  g_return_val_if_fail (FERRY_IS_APPLICATION (self), NULL);

  return self->settings;
}

/**
 * ferry_application_add_recent:
 * @self: a #FerryApplication
 * @workspace: the workspace that was opened
 *
 * Moves @workspace to the front of the recent workspaces, keeping at most
 * ten of them.
 */
void
ferry_application_add_recent (FerryApplication *self,
                              GFile            *workspace)
{
  g_auto(GStrv) recent = NULL;
  g_autoptr(GStrvBuilder) builder = NULL;
  g_auto(GStrv) updated = NULL;
  g_autofree gchar *path = NULL;
  guint n = 1;

  g_return_if_fail (FERRY_IS_APPLICATION (self));
  g_return_if_fail (G_IS_FILE (workspace));

  if (!(path = g_file_get_path (workspace)))
    path = g_file_get_uri (workspace);

  builder = g_strv_builder_new ();
  g_strv_builder_add (builder, path);

  recent = g_settings_get_strv (self->settings, "recent-workspaces");
  for (guint i = 0; recent[i] != NULL && n < MAX_RECENT; i++)
    {
      if (g_strcmp0 (recent[i], path) != 0)
        {
          g_strv_builder_add (builder, recent[i]);
          n++;
        }
    }

  updated = g_strv_builder_end (builder);
  g_settings_set_strv (self->settings, "recent-workspaces", (const gchar * const *)updated);
}

static FerryWindow *
get_or_create_window (FerryApplication *self)
{
  GtkWindow *window = gtk_application_get_active_window (GTK_APPLICATION (self));

  if (window == NULL)
    window = GTK_WINDOW (ferry_window_new (self));

  return FERRY_WINDOW (window);
}

static void
apply_style_variant (FerryApplication *self)
{
  AdwStyleManager *style_manager = adw_style_manager_get_default ();
  g_autofree gchar *variant = g_settings_get_string (self->settings, "style-variant");
  AdwColorScheme scheme = ADW_COLOR_SCHEME_DEFAULT;

  if (g_strcmp0 (variant, "light") == 0)
    scheme = ADW_COLOR_SCHEME_FORCE_LIGHT;
  else if (g_strcmp0 (variant, "dark") == 0)
    scheme = ADW_COLOR_SCHEME_FORCE_DARK;

  adw_style_manager_set_color_scheme (style_manager, scheme);
}

static void
ferry_application_activate (GApplication *app)
{
  FerryApplication *self = FERRY_APPLICATION (app);
  GtkWindow *window = gtk_application_get_active_window (GTK_APPLICATION (app));

  if (window == NULL)
    {
      FerryWindow *new_window = ferry_window_new (self);

      if (g_settings_get_boolean (self->settings, "reopen-last-workspace"))
        {
          g_auto(GStrv) recent = g_settings_get_strv (self->settings, "recent-workspaces");

          if (recent[0] != NULL)
            {
              g_autoptr(GFile) file = g_file_new_for_commandline_arg (recent[0]);
              ferry_window_open_workspace (new_window, file);
            }
        }

      window = GTK_WINDOW (new_window);
    }

  gtk_window_present (window);
}

static void
ferry_application_open (GApplication  *app,
                        GFile        **files,
                        gint           n_files,
                        const gchar   *hint)
{
  FerryApplication *self = FERRY_APPLICATION (app);

  for (gint i = 0; i < n_files; i++)
    {
      FerryWindow *window = i == 0 ? get_or_create_window (self) : ferry_window_new (self);

      ferry_window_open_workspace (window, files[i]);
      gtk_window_present (GTK_WINDOW (window));
    }
}

static gint
ferry_application_handle_local_options (GApplication *app,
                                        GVariantDict *options)
{
  g_autoptr(GError) error = NULL;

  if (g_variant_dict_contains (options, "version"))
    {
      g_print ("ferry %s\n", PACKAGE_VERSION);
      return 0;
    }

  if (g_variant_dict_contains (options, "demo"))
    {
      if (!g_application_register (app, NULL, &error))
        {
          g_printerr ("ferry: %s\n", error->message);
          return 1;
        }

      g_action_group_activate_action (G_ACTION_GROUP (app), "demo", NULL);
      return 0;
    }

  return G_APPLICATION_CLASS (ferry_application_parent_class)->handle_local_options (app, options);
}

static void
on_style_variant_changed (FerryApplication *self,
                          const gchar      *key,
                          GSettings        *settings)
{
  apply_style_variant (self);
}

static void
ferry_application_quit_action (GSimpleAction *action,
                               GVariant      *parameter,
                               gpointer       user_data)
{
  GApplication *app = user_data;
  GList *windows = gtk_application_get_windows (GTK_APPLICATION (app));

  /* Close the windows first so each saves its state. */
  for (GList *l = windows; l != NULL; )
    {
      GList *next = l->next;
      gtk_window_close (GTK_WINDOW (l->data));
      l = next;
    }

  g_application_quit (app);
}

static void
ferry_application_about_action (GSimpleAction *action,
                                GVariant      *parameter,
                                gpointer       user_data)
{
  static const gchar *developers[] = { "The Ferry authors", NULL };
  FerryApplication *self = user_data;
  GtkWindow *window = gtk_application_get_active_window (GTK_APPLICATION (self));

  adw_show_about_window (window,
                         "application-name", _("Ferry"),
                         "application-icon", APP_ID,
                         "developer-name", _("The Ferry authors"),
                         "version", PACKAGE_VERSION,
                         "website", PACKAGE_WEBSITE,
                         "issue-url", PACKAGE_BUGREPORT,
                         "developers", developers,
                         "copyright", "© 2026 The Ferry authors",
                         "license-type", GTK_LICENSE_GPL_3_0,
                         "comments", _("See what runs where, and ship safely: the dependency graph of your services with every environment's version, health and approvals."),
                         NULL);
}

static void
ferry_application_preferences_action (GSimpleAction *action,
                                      GVariant      *parameter,
                                      gpointer       user_data)
{
  FerryApplication *self = user_data;
  GtkWindow *window = gtk_application_get_active_window (GTK_APPLICATION (self));
  FerryPreferencesWindow *prefs = ferry_preferences_window_new (self->settings);

  gtk_window_set_transient_for (GTK_WINDOW (prefs), window);
  gtk_window_present (GTK_WINDOW (prefs));
}

static void
ferry_application_open_action (GSimpleAction *action,
                               GVariant      *parameter,
                               gpointer       user_data)
{
  FerryApplication *self = user_data;

  ferry_window_choose_workspace (get_or_create_window (self));
}

static void
ferry_application_open_recent_action (GSimpleAction *action,
                                      GVariant      *parameter,
                                      gpointer       user_data)
{
  FerryApplication *self = user_data;
  g_autoptr(GFile) file = g_file_new_for_commandline_arg (g_variant_get_string (parameter, NULL));
  FerryWindow *window = get_or_create_window (self);

  ferry_window_open_workspace (window, file);
  gtk_window_present (GTK_WINDOW (window));
}

static void
ferry_application_forget_recent_action (GSimpleAction *action,
                                        GVariant      *parameter,
                                        gpointer       user_data)
{
  FerryApplication *self = user_data;
  const gchar *path = g_variant_get_string (parameter, NULL);
  g_auto(GStrv) recent = g_settings_get_strv (self->settings, "recent-workspaces");
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  g_auto(GStrv) updated = NULL;

  for (guint i = 0; recent[i] != NULL; i++)
    if (g_strcmp0 (recent[i], path) != 0)
      g_strv_builder_add (builder, recent[i]);

  updated = g_strv_builder_end (builder);
  g_settings_set_strv (self->settings, "recent-workspaces", (const gchar * const *)updated);
}

static void
ferry_application_demo_action (GSimpleAction *action,
                               GVariant      *parameter,
                               gpointer       user_data)
{
  FerryApplication *self = user_data;
  FerryWindow *window = get_or_create_window (self);

  ferry_window_open_demo (window);
  gtk_window_present (GTK_WINDOW (window));
}

static const GActionEntry app_actions[] = {
  { "quit", ferry_application_quit_action },
  { "about", ferry_application_about_action },
  { "preferences", ferry_application_preferences_action },
  { "open", ferry_application_open_action },
  { "open-recent", ferry_application_open_recent_action, "s" },
  { "forget-recent", ferry_application_forget_recent_action, "s" },
  { "demo", ferry_application_demo_action },
};

static void
ferry_application_startup (GApplication *app)
{
  static const gchar *quit_accels[] = { "<Control>q", NULL };
  static const gchar *prefs_accels[] = { "<Control>comma", NULL };
  static const gchar *open_accels[] = { "<Control>o", NULL };
  static const gchar *close_accels[] = { "<Control>w", NULL };
  FerryApplication *self = FERRY_APPLICATION (app);

  G_APPLICATION_CLASS (ferry_application_parent_class)->startup (app);

  g_set_application_name (_("Ferry"));
  gtk_window_set_default_icon_name (APP_ID);

  g_action_map_add_action_entries (G_ACTION_MAP (self), app_actions,
                                   G_N_ELEMENTS (app_actions), self);

  gtk_application_set_accels_for_action (GTK_APPLICATION (self), "app.quit", quit_accels);
  gtk_application_set_accels_for_action (GTK_APPLICATION (self), "app.preferences", prefs_accels);
  gtk_application_set_accels_for_action (GTK_APPLICATION (self), "app.open", open_accels);
  gtk_application_set_accels_for_action (GTK_APPLICATION (self), "window.close", close_accels);

  g_signal_connect_object (self->settings, "changed::style-variant",
                           G_CALLBACK (on_style_variant_changed), self,
                           G_CONNECT_SWAPPED);
  apply_style_variant (self);
}

static void
ferry_application_dispose (GObject *object)
{
  FerryApplication *self = FERRY_APPLICATION (object);

  g_clear_object (&self->settings);

  G_OBJECT_CLASS (ferry_application_parent_class)->dispose (object);
}

static void
ferry_application_class_init (FerryApplicationClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GApplicationClass *app_class = G_APPLICATION_CLASS (klass);

  object_class->dispose = ferry_application_dispose;

  app_class->activate = ferry_application_activate;
  app_class->open = ferry_application_open;
  app_class->startup = ferry_application_startup;
  app_class->handle_local_options = ferry_application_handle_local_options;
}

static void
ferry_application_init (FerryApplication *self)
{
  static const GOptionEntry entries[] = {
    { "demo", 0, 0, G_OPTION_ARG_NONE, NULL, N_("Open the demo workspace"), NULL },
    { "version", 0, 0, G_OPTION_ARG_NONE, NULL, N_("Print the version and exit"), NULL },
    { NULL }
  };

  self->settings = g_settings_new ("io.github.ferrydeploy.Ferry");

  g_application_add_main_option_entries (G_APPLICATION (self), entries);
  g_application_set_option_context_parameter_string (G_APPLICATION (self), _("[WORKSPACE…]"));
  g_application_set_option_context_summary (G_APPLICATION (self),
                                            _("Open WORKSPACE: a folder holding ferry.json, the file itself or a git URL."));
}
