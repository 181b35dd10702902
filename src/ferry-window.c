/* ferry-window.c
 *
 * Copyright 2026 The Ferry authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "ferry-window"

#include "config.h"

#include <glib/gi18n.h>

#include "ferry-core.h"

#include "ferry-window.h"

struct _FerryWindow
{
  AdwApplicationWindow  parent_instance;

  /* Template widgets */
  AdwToastOverlay      *toast_overlay;
  AdwViewSwitcherTitle *switcher_title;
  GtkStack             *main_stack;
  AdwViewStack         *view_stack;
  AdwStatusPage        *graph_page;
  AdwStatusPage        *environments_page;
  AdwStatusPage        *activity_page;
  AdwStatusPage        *approvals_page;
  AdwPreferencesGroup  *recent_group;
  GtkListBox           *recent_list;
  GtkButton            *open_workspace_button;
  GtkButton            *demo_button;

  /* Owned references */
  GSettings            *settings;
  GFile                *workspace;
  GtkFileChooserNative *chooser;
  GCancellable         *cancellable;
};

G_DEFINE_FINAL_TYPE (FerryWindow, ferry_window, ADW_TYPE_APPLICATION_WINDOW)

enum {
  PROP_0,
  PROP_WORKSPACE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

FerryWindow *
ferry_window_new (FerryApplication *application)
{
  g_return_val_if_fail (!application || FERRY_IS_APPLICATION (application), NULL);

  return g_object_new (FERRY_TYPE_WINDOW,
                       "application", application,
                       NULL);
}

/**
 * ferry_window_get_workspace:
 * @self: a #FerryWindow
 *
 * Returns: (transfer none) (nullable): the workspace shown, if any
 */
GFile *
ferry_window_get_workspace (FerryWindow *self)
{
  g_return_val_if_fail (FERRY_IS_WINDOW (self), NULL);

  return self->workspace;
}

void
ferry_window_add_toast (FerryWindow *self,
                        const gchar *title)
{
  g_return_if_fail (FERRY_IS_WINDOW (self));

  adw_toast_overlay_add_toast (self->toast_overlay, adw_toast_new (title));
}

/* Paths under the home folder read better as ~/… */
static gchar *
ferry_window_display_path (const gchar *path)
{
  const gchar *home = g_get_home_dir ();
  gsize len = strlen (home);

  if (len > 1 && g_str_has_prefix (path, home) && path[len] == G_DIR_SEPARATOR)
    return g_strconcat ("~", path + len, NULL);

  return g_strdup (path);
}

static GtkWidget *
create_recent_row (const gchar *path)
{
  g_autofree gchar *basename = g_path_get_basename (path);
  g_autofree gchar *escaped_name = g_markup_escape_text (basename, -1);
  g_autofree gchar *display_path = ferry_window_display_path (path);
  g_autofree gchar *escaped_path = g_markup_escape_text (display_path, -1);
  g_autofree gchar *remove_label = g_strdup_printf (_("Remove “%s” from Recent Workspaces"), basename);
  GtkWidget *row;
  GtkWidget *remove;

  row = adw_action_row_new ();
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), escaped_name);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), escaped_path);
  gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), TRUE);
  gtk_actionable_set_action_name (GTK_ACTIONABLE (row), "app.open-recent");
  gtk_actionable_set_action_target (GTK_ACTIONABLE (row), "s", path);

  remove = gtk_button_new_from_icon_name ("user-trash-symbolic");
  gtk_widget_set_valign (remove, GTK_ALIGN_CENTER);
  gtk_widget_add_css_class (remove, "flat");
  gtk_widget_set_tooltip_text (remove, remove_label);
  gtk_accessible_update_property (GTK_ACCESSIBLE (remove),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, remove_label,
                                  -1);
  gtk_actionable_set_action_name (GTK_ACTIONABLE (remove), "app.forget-recent");
  gtk_actionable_set_action_target (GTK_ACTIONABLE (remove), "s", path);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), remove);

  return row;
}

static void
ferry_window_reload_recent (FerryWindow *self)
{
  g_auto(GStrv) recent = NULL;
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->recent_list))))
    gtk_list_box_remove (self->recent_list, child);

  if (self->settings == NULL)
    return;

  recent = g_settings_get_strv (self->settings, "recent-workspaces");
  for (guint i = 0; recent[i] != NULL; i++)
    gtk_list_box_append (self->recent_list, create_recent_row (recent[i]));

  gtk_widget_set_visible (GTK_WIDGET (self->recent_group), recent[0] != NULL);
}

static gchar *
workspace_display_name (GFile *workspace)
{
  g_autofree gchar *basename = g_file_get_basename (workspace);

  /* A path to the file itself is named after its folder. */
  if (g_strcmp0 (basename, "ferry.json") == 0)
    {
      g_autoptr(GFile) parent = g_file_get_parent (workspace);

      if (parent != NULL)
        return g_file_get_basename (parent);
    }

  return g_steal_pointer (&basename);
}

/**
 * ferry_window_open_workspace:
 * @self: a #FerryWindow
 * @workspace: a folder holding `ferry.json`, the file itself or a git URL
 *
 * Shows @workspace in @self and remembers it among the recent workspaces.
 */
void
ferry_window_open_workspace (FerryWindow *self,
                             GFile       *workspace)
{
  g_autofree gchar *name = NULL;
  g_autofree gchar *location = NULL;
  GtkApplication *app;

  g_return_if_fail (FERRY_IS_WINDOW (self));
  g_return_if_fail (G_IS_FILE (workspace));

  if (!g_set_object (&self->workspace, workspace))
    return;

  name = workspace_display_name (workspace);
  if (!(location = g_file_get_path (workspace)))
    location = g_file_get_uri (workspace);

  gtk_window_set_title (GTK_WINDOW (self), name);
  adw_view_switcher_title_set_title (self->switcher_title, name);
  adw_view_switcher_title_set_subtitle (self->switcher_title, location);
  adw_status_page_set_description (self->graph_page, location);

  gtk_stack_set_visible_child_name (self->main_stack, "workspace");
  adw_view_switcher_title_set_view_switcher_enabled (self->switcher_title, TRUE);

  app = gtk_window_get_application (GTK_WINDOW (self));
  if (FERRY_IS_APPLICATION (app))
    ferry_application_add_recent (FERRY_APPLICATION (app), workspace);

  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_WORKSPACE]);
}

/**
 * ferry_window_open_demo:
 * @self: a #FerryWindow
 *
 * Opens the demo workspace kept in the user's data folder.
 */
void
ferry_window_open_demo (FerryWindow *self)
{
  g_autofree gchar *demo_dir = NULL;
  g_autofree gchar *manifest = NULL;
  g_autoptr(GFile) file = NULL;

  g_return_if_fail (FERRY_IS_WINDOW (self));

  demo_dir = g_build_filename (g_get_user_data_dir (), "ferry", "demo", NULL);
  manifest = g_build_filename (demo_dir, "ferry.json", NULL);

  if (!g_file_test (manifest, G_FILE_TEST_IS_REGULAR))
    {
      ferry_window_add_toast (self, _("This build of Ferry cannot create the demo workspace yet"));
      return;
    }

  file = g_file_new_for_path (demo_dir);
  ferry_window_open_workspace (self, file);
}

static void
on_chooser_response (FerryWindow          *self,
                     gint                  response,
                     GtkFileChooserNative *chooser)
{
  if (response == GTK_RESPONSE_ACCEPT)
    {
      g_autoptr(GFile) file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser));

      if (file != NULL)
        ferry_window_open_workspace (self, file);
    }

  g_clear_object (&self->chooser);
}

/**
 * ferry_window_choose_workspace:
 * @self: a #FerryWindow
 *
 * Asks for a workspace folder with the platform's file chooser.
 */
void
ferry_window_choose_workspace (FerryWindow *self)
{
  g_return_if_fail (FERRY_IS_WINDOW (self));

  if (self->chooser != NULL)
    {
      gtk_native_dialog_show (GTK_NATIVE_DIALOG (self->chooser));
      return;
    }

  self->chooser = gtk_file_chooser_native_new (_("Open Workspace"),
                                               GTK_WINDOW (self),
                                               GTK_FILE_CHOOSER_ACTION_SELECT_FOLDER,
                                               _("_Open"),
                                               _("_Cancel"));
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (self->chooser), TRUE);
  g_signal_connect_object (self->chooser, "response",
                           G_CALLBACK (on_chooser_response), self,
                           G_CONNECT_SWAPPED);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (self->chooser));
}

static void
new_window_action (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *parameter)
{
  GtkApplication *app = gtk_window_get_application (GTK_WINDOW (widget));
  FerryWindow *window;

  if (!FERRY_IS_APPLICATION (app))
    return;

  window = ferry_window_new (FERRY_APPLICATION (app));
  gtk_window_present (GTK_WINDOW (window));
}

static void
show_welcome_action (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *parameter)
{
  FerryWindow *self = FERRY_WINDOW (widget);

  gtk_stack_set_visible_child_name (self->main_stack, "welcome");
  adw_view_switcher_title_set_view_switcher_enabled (self->switcher_title, FALSE);
}

static void
ferry_window_save_size (FerryWindow *self)
{
  gint width, height;

  if (self->settings == NULL)
    return;

  gtk_window_get_default_size (GTK_WINDOW (self), &width, &height);
  width = CLAMP (width, 360, G_MAXINT16);
  height = CLAMP (height, 294, G_MAXINT16);

  g_settings_delay (self->settings);
  g_settings_set_boolean (self->settings, "window-maximized",
                          gtk_window_is_maximized (GTK_WINDOW (self)));
  if (!gtk_window_is_maximized (GTK_WINDOW (self)))
    {
      g_settings_set_int (self->settings, "window-width", width);
      g_settings_set_int (self->settings, "window-height", height);
    }
  g_settings_apply (self->settings);
}

static gboolean
ferry_window_close_request (GtkWindow *window)
{
  FerryWindow *self = FERRY_WINDOW (window);

  g_cancellable_cancel (self->cancellable);
  ferry_window_save_size (self);

  return GTK_WINDOW_CLASS (ferry_window_parent_class)->close_request (window);
}

/* GtkWindow:application is not a construct property, so it is set after
 * constructed(): the settings are taken from the application once it is. */
static void
ferry_window_notify_application (FerryWindow *self)
{
  GtkApplication *app = gtk_window_get_application (GTK_WINDOW (self));

  if (self->settings != NULL || !FERRY_IS_APPLICATION (app))
    return;

  self->settings = g_object_ref (ferry_application_get_settings (FERRY_APPLICATION (app)));

  gtk_window_set_default_size (GTK_WINDOW (self),
                               g_settings_get_int (self->settings, "window-width"),
                               g_settings_get_int (self->settings, "window-height"));
  if (g_settings_get_boolean (self->settings, "window-maximized"))
    gtk_window_maximize (GTK_WINDOW (self));

  g_signal_connect_object (self->settings, "changed::recent-workspaces",
                           G_CALLBACK (ferry_window_reload_recent), self,
                           G_CONNECT_SWAPPED);

  ferry_window_reload_recent (self);
}

static void
ferry_window_dispose (GObject *object)
{
  FerryWindow *self = FERRY_WINDOW (object);

  g_cancellable_cancel (self->cancellable);

  if (self->chooser != NULL)
    gtk_native_dialog_destroy (GTK_NATIVE_DIALOG (self->chooser));
  g_clear_object (&self->chooser);
  g_clear_object (&self->workspace);
  g_clear_object (&self->settings);
  g_clear_object (&self->cancellable);

  gtk_widget_dispose_template (GTK_WIDGET (self), FERRY_TYPE_WINDOW);

  G_OBJECT_CLASS (ferry_window_parent_class)->dispose (object);
}

static void
ferry_window_get_property (GObject    *object,
                           guint       prop_id,
                           GValue     *value,
                           GParamSpec *pspec)
{
  FerryWindow *self = FERRY_WINDOW (object);

  switch (prop_id)
    {
    case PROP_WORKSPACE:
      g_value_set_object (value, self->workspace);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ferry_window_class_init (FerryWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  GtkWindowClass *window_class = GTK_WINDOW_CLASS (klass);

  object_class->dispose = ferry_window_dispose;
  object_class->get_property = ferry_window_get_property;

  window_class->close_request = ferry_window_close_request;

  /**
   * FerryWindow:workspace:
   *
   * The workspace shown, or %NULL while the welcome page is up.
   */
  properties[PROP_WORKSPACE] =
    g_param_spec_object ("workspace", NULL, NULL,
                         G_TYPE_FILE,
                         (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/ferrydeploy/Ferry/ferry-window.ui");
  gtk_widget_class_bind_template_child (widget_class, FerryWindow, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, FerryWindow, switcher_title);
  gtk_widget_class_bind_template_child (widget_class, FerryWindow, main_stack);
  gtk_widget_class_bind_template_child (widget_class, FerryWindow, view_stack);
  gtk_widget_class_bind_template_child (widget_class, FerryWindow, graph_page);
  gtk_widget_class_bind_template_child (widget_class, FerryWindow, environments_page);
  gtk_widget_class_bind_template_child (widget_class, FerryWindow, activity_page);
  gtk_widget_class_bind_template_child (widget_class, FerryWindow, approvals_page);
  gtk_widget_class_bind_template_child (widget_class, FerryWindow, recent_group);
  gtk_widget_class_bind_template_child (widget_class, FerryWindow, recent_list);
  gtk_widget_class_bind_template_child (widget_class, FerryWindow, open_workspace_button);
  gtk_widget_class_bind_template_child (widget_class, FerryWindow, demo_button);

  gtk_widget_class_install_action (widget_class, "win.new-window", NULL, new_window_action);
  gtk_widget_class_install_action (widget_class, "win.show-welcome", NULL, show_welcome_action);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_n, GDK_CONTROL_MASK, "win.new-window", NULL);
}

static void
ferry_window_init (FerryWindow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  self->cancellable = g_cancellable_new ();

  g_signal_connect (self, "notify::application",
                    G_CALLBACK (ferry_window_notify_application), NULL);

#if DEVELOPMENT_BUILD
  gtk_widget_add_css_class (GTK_WIDGET (self), "devel");
#endif
}
