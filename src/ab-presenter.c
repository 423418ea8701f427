/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ab-presenter.c — presenter mode
 *
 * The two windows are views; everything they do goes through here or the
 * presentation. Keys are taken in the capture phase, before a focused
 * button or list could read Space or Enter as its own; the console's slide
 * list keeps its arrow keys and Enter while it has the keyboard. Step
 * transitions tick on the audience window's frame clock.
 */
#define G_LOG_DOMAIN "ab-presenter"

#include "config.h"
#include "ab-presenter.h"
#include "ab-audience-window.h"
#include "ab-presenter-console.h"
#include "ab-rehearsal.h"
#include "ab-settings.h"
#include "ab-value-fetch.h"
#include "ab-window.h"

#include <glib/gi18n.h>

#define PRESENTER_KEY   "ab-presenter"
#define KEYS_NAME       "presenter-keys"

struct _AbPresenter
{
  GObject             parent_instance;

  GtkApplication     *app;          /* borrowed: it owns us */
  GSettings          *settings;     /* NULL without a schema */
  AbPresentation     *presentation;
  GtkWidget          *audience;
  GtkWidget          *console;
  GSimpleActionGroup *actions;
  GHashTable         *targets;      /* rehearsed times: slide id → gint64 ms */
  char               *rehearsal_path;
  int                 monitor;      /* 1-based; 0 automatic */
  guint               tick_id;
  guint               leave_id;     /* the windows close on the next turn of the loop */
  gboolean            leaving;
  GCancellable       *prefetch;     /* the deck's computed values, in the background */
};

G_DEFINE_FINAL_TYPE (AbPresenter, ab_presenter, G_TYPE_OBJECT)

static gboolean
collect_value_keys (AbBlock *block, gpointer user_data)
{
  GPtrArray *keys = user_data;

  for (guint i = 0; block->inlines && i < block->inlines->len; i++)
    {
      AbInline *run = g_ptr_array_index (block->inlines, i);

      if (run->kind == AB_INLINE_VALUE && run->target &&
          !g_ptr_array_find_with_equal_func (keys, run->target, g_str_equal, NULL))
        g_ptr_array_add (keys, g_strdup (run->target));
    }
  return TRUE;
}

/* The slides and notes on screen again, with the numbers that came in. */
static void
show_arrived_values (AbPresenter *self)
{
  if (self->audience)
    gtk_widget_queue_draw (GTK_WIDGET (ab_audience_window_get_slide_view (AB_AUDIENCE_WINDOW (self->audience))));
  if (self->console)
    ab_presenter_console_refresh_values (AB_PRESENTER_CONSOLE (self->console));
}

/* A fetch fails only when cancelled: then the presenter is gone. */
static void
first_values_arrived (GObject *source, GAsyncResult *result, gpointer user_data)
{
  if (ab_value_fetch_finish (result, NULL))
    show_arrived_values (user_data);
}

static void
all_values_arrived (GObject *source, GAsyncResult *result, gpointer user_data)
{
  AbPresenter *self = user_data;

  if (!ab_value_fetch_finish (result, NULL))
    return;
  /* A number the kernels refused reads as its error from now on. */
  ab_slide_deck_set_values (ab_presentation_get_deck (self->presentation), AB_SLIDE_VALUES_COMPUTE);
  show_arrived_values (self);
}

/* The deck's computed numbers (slides and speaker notes), on the background
 * thread: the first slide's first, then the rest from there on, so the talk
 * never waits on a kernel on the main thread. Until a number is in, the
 * windows show "…" (AB_SLIDE_VALUES_CACHED) and redraw when it arrives. */
static void
prefetch_values (AbPresenter *self, AbSlideDeck *deck, guint first)
{
  g_autoptr (GPtrArray) first_keys = g_ptr_array_new_with_free_func (g_free);
  g_autoptr (GPtrArray) keys = g_ptr_array_new_with_free_func (g_free);
  guint n = ab_slide_deck_get_n_slides (deck);

  for (guint k = 0; k < n; k++)
    {
      const AbSlide *slide = ab_slide_deck_get_slide (deck, (first + k) % n);
      GPtrArray *into = k == 0 ? first_keys : keys;

      if (slide->content)
        ab_block_walk ((AbBlock *) slide->content, collect_value_keys, into);
      for (guint i = 0; slide->notes && i < slide->notes->len; i++)
        ab_block_walk (g_ptr_array_index (slide->notes, i), collect_value_keys, into);
    }
  if (first_keys->len == 0 && keys->len == 0)
    return;
  self->prefetch = g_cancellable_new ();
  ab_slide_deck_set_values (deck, AB_SLIDE_VALUES_CACHED);
  /* one background thread: the first job is done before the second starts */
  if (first_keys->len > 0)
    ab_value_fetch_async (first_keys, self->prefetch, first_values_arrived, self);
  ab_value_fetch_async (keys, self->prefetch, all_values_arrived, self);
}

/* The monotonic clock, which the frame clock's ticks also run on. Not the
 * frame time itself: between frames it stands still, and the timer and the
 * time per slide must not. */
static gint64
now_ms (AbPresenter *self)
{
  return g_get_monotonic_time () / 1000;
}

/* Ticking -------------------------------------------------------------------- */

static gboolean
tick (GtkWidget *widget, GdkFrameClock *clock, gpointer user_data)
{
  AbPresenter *self = user_data;

  if (ab_presentation_tick (self->presentation, gdk_frame_clock_get_frame_time (clock) / 1000))
    return G_SOURCE_CONTINUE;
  self->tick_id = 0;
  return G_SOURCE_REMOVE;
}

static void
start_ticking (AbPresenter *self)
{
  if (self->tick_id == 0 && self->audience &&
      ab_timeline_is_running (ab_presentation_get_timeline (self->presentation)))
    self->tick_id = gtk_widget_add_tick_callback (self->audience, tick, self, NULL);
}

static void
sync_animate (AbPresenter *self)
{
  gboolean animate = TRUE;

  g_object_get (gtk_settings_get_default (), "gtk-enable-animations", &animate, NULL);
  ab_presentation_set_animate (self->presentation, animate);
}

/* Moves -------------------------------------------------------------------------- */

typedef enum { MOVE_NEXT, MOVE_PREVIOUS, MOVE_FIRST, MOVE_LAST } Move;

static void
move (AbPresenter *self, Move m)
{
  gint64 now = now_ms (self);

  sync_animate (self);
  switch (m)
    {
    case MOVE_NEXT:
      ab_presentation_next (self->presentation, now);
      break;
    case MOVE_PREVIOUS:
      ab_presentation_previous (self->presentation, now);
      break;
    case MOVE_FIRST:
      ab_presentation_first (self->presentation, now);
      break;
    case MOVE_LAST:
      ab_presentation_last (self->presentation, now);
      break;
    default:
      break;
    }
  start_ticking (self);
}

static void
toggle_blank (AbPresenter *self)
{
  ab_presentation_set_blanked (self->presentation, !ab_presentation_get_blanked (self->presentation));
}

static gboolean
key_pressed (GtkEventControllerKey *controller, guint keyval, guint keycode, GdkModifierType state,
             AbPresenter *self)
{
  AbPresentation *p = self->presentation;
  GtkWidget *window = gtk_event_controller_get_widget (GTK_EVENT_CONTROLLER (controller));
  gboolean jumping = ab_presentation_get_jump_text (p) != NULL;
  gboolean in_list = window == self->console &&
                     ab_presenter_console_list_has_focus (AB_PRESENTER_CONSOLE (self->console));

  /* Shortcuts with Ctrl or Alt (Ctrl+Q) are the application's. */
  if (state & (GDK_CONTROL_MASK | GDK_ALT_MASK | GDK_SUPER_MASK))
    return FALSE;
  switch (keyval)
    {
    case GDK_KEY_Right:
    case GDK_KEY_space:
    case GDK_KEY_Page_Down:
    case GDK_KEY_KP_Page_Down:
    case GDK_KEY_n:
      move (self, MOVE_NEXT);
      return TRUE;
    case GDK_KEY_Return:
    case GDK_KEY_KP_Enter:
      if (jumping)
        {
          ab_presentation_commit_jump (p, now_ms (self));
          return TRUE;
        }
      if (in_list)
        return FALSE;
      move (self, MOVE_NEXT);
      return TRUE;
    case GDK_KEY_Left:
    case GDK_KEY_Page_Up:
    case GDK_KEY_KP_Page_Up:
    case GDK_KEY_p:
      move (self, MOVE_PREVIOUS);
      return TRUE;
    case GDK_KEY_BackSpace:
      if (jumping)
        ab_presentation_erase_digit (p);
      else
        move (self, MOVE_PREVIOUS);
      return TRUE;
    case GDK_KEY_Home:
    case GDK_KEY_KP_Home:
      if (in_list)
        return FALSE;
      move (self, MOVE_FIRST);
      return TRUE;
    case GDK_KEY_End:
    case GDK_KEY_KP_End:
      if (in_list)
        return FALSE;
      move (self, MOVE_LAST);
      return TRUE;
    case GDK_KEY_b:
    case GDK_KEY_B:
    case GDK_KEY_period:
    case GDK_KEY_KP_Decimal:
      toggle_blank (self);
      return TRUE;
    case GDK_KEY_Escape:
      if (jumping)
        ab_presentation_cancel_jump (p);
      else
        ab_presenter_leave (self);
      return TRUE;
    case GDK_KEY_F5:
      /* Clickers send F5 to start a show: we are in one. */
      return TRUE;
    default:
      break;
    }
  if (keyval >= GDK_KEY_0 && keyval <= GDK_KEY_9)
    {
      ab_presentation_type_digit (p, keyval - GDK_KEY_0);
      return TRUE;
    }
  if (keyval >= GDK_KEY_KP_0 && keyval <= GDK_KEY_KP_9)
    {
      ab_presentation_type_digit (p, keyval - GDK_KEY_KP_0);
      return TRUE;
    }
  return FALSE;
}

static void
add_keys (AbPresenter *self, GtkWidget *window)
{
  GtkEventController *keys = gtk_event_controller_key_new ();

  gtk_event_controller_set_name (keys, KEYS_NAME);
  gtk_event_controller_set_propagation_phase (keys, GTK_PHASE_CAPTURE);
  g_signal_connect_object (keys, "key-pressed", G_CALLBACK (key_pressed), self, 0);
  gtk_widget_add_controller (window, keys);
}

/* Actions (the console's buttons) ------------------------------------------- */

static void
next_activated (GSimpleAction *a, GVariant *v, gpointer self)
{
  move (self, MOVE_NEXT);
}

static void
previous_activated (GSimpleAction *a, GVariant *v, gpointer self)
{
  move (self, MOVE_PREVIOUS);
}

static void
first_activated (GSimpleAction *a, GVariant *v, gpointer self)
{
  move (self, MOVE_FIRST);
}

static void
last_activated (GSimpleAction *a, GVariant *v, gpointer self)
{
  move (self, MOVE_LAST);
}

static void
blank_changed (GSimpleAction *action, GVariant *value, gpointer user_data)
{
  AbPresenter *self = user_data;
  ab_presentation_set_blanked (self->presentation, g_variant_get_boolean (value));
}

static void
leave_activated (GSimpleAction *a, GVariant *v, gpointer self)
{
  ab_presenter_leave (self);
}

static void
toggle_timer_activated (GSimpleAction *a, GVariant *v, gpointer user_data)
{
  AbPresenter *self = user_data;
  ab_presentation_set_timer_running (self->presentation, !ab_presentation_get_timer_running (self->presentation),
                                     now_ms (self));
}

static void
reset_timer_activated (GSimpleAction *a, GVariant *v, gpointer user_data)
{
  AbPresenter *self = user_data;
  ab_presentation_reset_timer (self->presentation, now_ms (self));
}

static void
set_notes_size (AbPresenter *self, int points)
{
  AbPresenterConsole *console = AB_PRESENTER_CONSOLE (self->console);

  ab_presenter_console_set_notes_size (console, points);
  points = ab_presenter_console_get_notes_size (console);
  if (self->settings)
    g_settings_set_int (self->settings, "present-notes-font-size", points);
}

static void
notes_larger_activated (GSimpleAction *a, GVariant *v, gpointer user_data)
{
  AbPresenter *self = user_data;
  set_notes_size (self, ab_presenter_console_get_notes_size (AB_PRESENTER_CONSOLE (self->console)) + 2);
}

static void
notes_smaller_activated (GSimpleAction *a, GVariant *v, gpointer user_data)
{
  AbPresenter *self = user_data;
  set_notes_size (self, ab_presenter_console_get_notes_size (AB_PRESENTER_CONSOLE (self->console)) - 2);
}

static void
rehearse_changed (GSimpleAction *action, GVariant *value, gpointer user_data)
{
  AbPresenter *self = user_data;

  g_simple_action_set_state (action, value);
  if (self->settings)
    g_settings_set_boolean (self->settings, "present-rehearsal", g_variant_get_boolean (value));
}

static void
presentation_changed (AbPresenter *self)
{
  GAction *blank = g_action_map_lookup_action (G_ACTION_MAP (self->actions), "blank");

  g_simple_action_set_state (G_SIMPLE_ACTION (blank),
                             g_variant_new_boolean (ab_presentation_get_blanked (self->presentation)));
  start_ticking (self);
}

static void
install_actions (AbPresenter *self)
{
  const GActionEntry entries[] = {
    { "next", next_activated },
    { "previous", previous_activated },
    { "first", first_activated },
    { "last", last_activated },
    { "blank", NULL, NULL, "false", blank_changed },
    { "leave", leave_activated },
    { "toggle-timer", toggle_timer_activated },
    { "reset-timer", reset_timer_activated },
    { "notes-larger", notes_larger_activated },
    { "notes-smaller", notes_smaller_activated },
    { "rehearse", NULL, NULL, "false", rehearse_changed },
  };
  gboolean rehearse = self->settings && g_settings_get_boolean (self->settings, "present-rehearsal");

  self->actions = g_simple_action_group_new ();
  g_action_map_add_action_entries (G_ACTION_MAP (self->actions), entries, G_N_ELEMENTS (entries), self);
  g_simple_action_set_state (G_SIMPLE_ACTION (g_action_map_lookup_action (G_ACTION_MAP (self->actions), "rehearse")),
                             g_variant_new_boolean (rehearse));
  gtk_widget_insert_action_group (self->audience, "present", G_ACTION_GROUP (self->actions));
  gtk_widget_insert_action_group (self->console, "present", G_ACTION_GROUP (self->actions));
}

static gboolean
rehearsing (AbPresenter *self)
{
  g_autoptr (GVariant) state = g_action_group_get_action_state (G_ACTION_GROUP (self->actions), "rehearse");
  return state && g_variant_get_boolean (state);
}

/* Monitors ------------------------------------------------------------------------ */

static GdkMonitor *
monitor_of_window (GtkApplication *app)
{
  for (GList *l = gtk_application_get_windows (app); l; l = l->next)
    if (AB_IS_WINDOW (l->data) && gtk_native_get_surface (GTK_NATIVE (l->data)))
      return gdk_display_get_monitor_at_surface (gtk_widget_get_display (l->data),
                                                 gtk_native_get_surface (GTK_NATIVE (l->data)));
  return NULL;
}

/* Audience on the chosen monitor, the console on another when there is one. */
static void
place_windows (AbPresenter *self)
{
  GListModel *monitors = gdk_display_get_monitors (gtk_widget_get_display (self->audience));
  guint n = g_list_model_get_n_items (monitors);
  g_autoptr (GdkMonitor) audience = NULL;
  g_autoptr (GdkMonitor) console = NULL;

  if (n == 0)
    {
      gtk_window_fullscreen (GTK_WINDOW (self->audience));
      return;
    }
  if (self->monitor >= 1 && (guint) self->monitor <= n)
    audience = g_list_model_get_item (monitors, self->monitor - 1);
  else
    {
      GdkMonitor *book = monitor_of_window (self->app);
      /* Automatic: not the screen the book is read on, when there are two. */
      for (guint i = 0; i < n && audience == NULL; i++)
        {
          GdkMonitor *m = g_list_model_get_item (monitors, i);
          if (n == 1 || m != book)
            audience = m;
          else
            g_object_unref (m);
        }
    }
  for (guint i = 0; i < n && console == NULL && n > 1; i++)
    {
      GdkMonitor *m = g_list_model_get_item (monitors, i);
      if (m != audience)
        console = m;
      else
        g_object_unref (m);
    }
  gtk_window_fullscreen_on_monitor (GTK_WINDOW (self->audience), audience);
  if (console)
    gtk_window_fullscreen_on_monitor (GTK_WINDOW (self->console), console);
  else
    gtk_window_unfullscreen (GTK_WINDOW (self->console));
}

static void
fill_monitor_choices (AbPresenter *self)
{
  GtkDropDown *dropdown = ab_presenter_console_get_monitor_dropdown (AB_PRESENTER_CONSOLE (self->console));
  GListModel *monitors = gdk_display_get_monitors (gtk_widget_get_display (self->console));
  g_autoptr (GtkStringList) names = gtk_string_list_new (NULL);
  guint n = g_list_model_get_n_items (monitors);

  gtk_string_list_append (names, _("Audience: automatic"));
  for (guint i = 0; i < n; i++)
    {
      g_autoptr (GdkMonitor) m = g_list_model_get_item (monitors, i);
      const char *model = gdk_monitor_get_model (m), *connector = gdk_monitor_get_connector (m);
      g_autofree char *name = g_strdup_printf (_("Audience: screen %u (%s)"), i + 1,
                                               model ? model : connector ? connector : _("unnamed"));
      gtk_string_list_append (names, name);
    }
  g_signal_handlers_block_matched (dropdown, G_SIGNAL_MATCH_DATA, 0, 0, NULL, NULL, self);
  gtk_drop_down_set_model (dropdown, G_LIST_MODEL (names));
  gtk_drop_down_set_selected (dropdown, self->monitor >= 1 && (guint) self->monitor <= n ? (guint) self->monitor : 0);
  g_signal_handlers_unblock_matched (dropdown, G_SIGNAL_MATCH_DATA, 0, 0, NULL, NULL, self);
}

static void
monitor_chosen (GtkDropDown *dropdown, GParamSpec *pspec, AbPresenter *self)
{
  self->monitor = (int) gtk_drop_down_get_selected (dropdown);
  if (self->settings)
    g_settings_set_int (self->settings, "present-monitor", MIN (self->monitor, 16));   /* the schema's range */
  place_windows (self);
}

static void
monitors_changed (GListModel *monitors, guint position, guint removed, guint added, AbPresenter *self)
{
  /* A projector plugged in (or out) during the talk. */
  fill_monitor_choices (self);
  place_windows (self);
}

/* Leaving -------------------------------------------------------------------------- */

static gboolean
finish_leave (gpointer user_data)
{
  AbPresenter *self = user_data;
  const AbSlide *slide = ab_slide_deck_get_slide (ab_presentation_get_deck (self->presentation),
                                                  ab_presentation_get_slide (self->presentation));
  g_autofree char *page_id = g_strdup (slide->page->id);
  GtkApplication *app = self->app;

  self->leave_id = 0;
  if (self->tick_id)
    gtk_widget_remove_tick_callback (self->audience, self->tick_id);
  self->tick_id = 0;
  g_signal_handlers_disconnect_by_data (gdk_display_get_monitors (gtk_widget_get_display (self->audience)), self);
  gtk_window_destroy (GTK_WINDOW (self->console));
  gtk_window_destroy (GTK_WINDOW (self->audience));
  /* Back in the book where the talk stopped. */
  for (GList *l = gtk_application_get_windows (app); l; l = l->next)
    if (AB_IS_WINDOW (l->data))
      {
        ab_window_show_page (AB_WINDOW (l->data), page_id);
        gtk_window_present (GTK_WINDOW (l->data));
        break;
      }
  g_object_set_data (G_OBJECT (app), PRESENTER_KEY, NULL);   /* the last reference */
  return G_SOURCE_REMOVE;
}

void
ab_presenter_leave (AbPresenter *self)
{
  g_return_if_fail (AB_IS_PRESENTER (self));
  if (self->leaving)
    return;
  self->leaving = TRUE;
  if (rehearsing (self))
    {
      g_autoptr (GHashTable) times = ab_presentation_dup_times (self->presentation, now_ms (self));
      g_autoptr (GError) error = NULL;
      AbPart *part = ab_slide_deck_get_part (ab_presentation_get_deck (self->presentation));

      if (!ab_rehearsal_save (self->rehearsal_path, part->folder, times, &error))
        g_warning ("%s", error->message);
    }
  /* Not from inside the key handler of a window about to go. */
  self->leave_id = g_idle_add_full (G_PRIORITY_DEFAULT, finish_leave, self, NULL);
}

static gboolean
close_requested (GtkWindow *window, AbPresenter *self)
{
  ab_presenter_leave (self);
  return TRUE;
}

/* Public ----------------------------------------------------------------------------- */

AbPresenter *
ab_presenter_get_running (GtkApplication *app)
{
  AbPresenter *self = g_object_get_data (G_OBJECT (app), PRESENTER_KEY);
  return self && !self->leaving ? self : NULL;
}

/* A presentation ending while the next one starts: finish it first. */
static void
finish_pending_leave (GtkApplication *app)
{
  AbPresenter *self = g_object_get_data (G_OBJECT (app), PRESENTER_KEY);

  if (self && self->leave_id)
    {
      g_source_remove (self->leave_id);
      finish_leave (self);
    }
}

AbPresentation *
ab_presenter_get_presentation (AbPresenter *self)
{
  g_return_val_if_fail (AB_IS_PRESENTER (self), NULL);
  return self->presentation;
}

GtkWindow *
ab_presenter_get_audience (AbPresenter *self)
{
  g_return_val_if_fail (AB_IS_PRESENTER (self), NULL);
  return GTK_WINDOW (self->audience);
}

GtkWindow *
ab_presenter_get_console (AbPresenter *self)
{
  g_return_val_if_fail (AB_IS_PRESENTER (self), NULL);
  return GTK_WINDOW (self->console);
}

static void
load_css (void)
{
  static gboolean loaded;
  g_autoptr (GtkCssProvider) provider = NULL;

  if (loaded)
    return;
  loaded = TRUE;
  provider = gtk_css_provider_new ();
  gtk_css_provider_load_from_resource (provider, "/in/deepakbaby/AttentionBook/present.css");
  gtk_style_context_add_provider_for_display (gdk_display_get_default (), GTK_STYLE_PROVIDER (provider),
                                              GTK_STYLE_PROVIDER_PRIORITY_APPLICATION);
}

static void
load_targets (AbPresenter *self, AbPart *part)
{
  g_autoptr (GError) error = NULL;

  self->rehearsal_path = ab_rehearsal_default_path ();
  self->targets = ab_rehearsal_load (self->rehearsal_path, part->folder, &error);
  if (self->targets == NULL)
    g_warning ("%s", error->message);
  else
    ab_presentation_set_targets (self->presentation, self->targets);
}

AbPresenter *
ab_presenter_start (GtkApplication *app, AbBook *book, AbPart *part, AbPage *from, int monitor)
{
  AbPresenter *self;
  AbSlideDeck *deck;
  int first;

  g_return_val_if_fail (GTK_IS_APPLICATION (app), NULL);
  g_return_val_if_fail (book != NULL && part != NULL, NULL);
  self = ab_presenter_get_running (app);
  if (self)
    {
      gtk_window_present (GTK_WINDOW (self->console));
      return self;
    }

  finish_pending_leave (app);
  load_css ();
  self = g_object_new (AB_TYPE_PRESENTER, NULL);
  self->app = app;
  g_object_set_data_full (G_OBJECT (app), PRESENTER_KEY, self, g_object_unref);
  self->settings = ab_settings_new ();
  self->monitor = monitor > 0 ? monitor : self->settings ? g_settings_get_int (self->settings, "present-monitor") : 0;

  deck = ab_slide_deck_new (book, part);
  first = from ? ab_slide_deck_find_page (deck, from) : 0;
  self->presentation = ab_presentation_new (deck, (guint) MAX (first, 0), g_get_monotonic_time () / 1000);
  prefetch_values (self, deck, (guint) MAX (first, 0));
  load_targets (self, part);
  if (self->settings)
    {
      g_settings_set_int (self->settings, "present-part", part->number);
      g_settings_set_string (self->settings, "present-from", from && first >= 0 ? from->id : "");
    }

  self->audience = ab_audience_window_new (app, self->presentation);
  self->console = ab_presenter_console_new (app, self->presentation);
  if (self->settings)
    ab_presenter_console_set_notes_size (AB_PRESENTER_CONSOLE (self->console),
                                         g_settings_get_int (self->settings, "present-notes-font-size"));
  install_actions (self);
  add_keys (self, self->audience);
  add_keys (self, self->console);
  g_signal_connect_object (self->presentation, "changed", G_CALLBACK (presentation_changed), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (self->audience, "close-request", G_CALLBACK (close_requested), self, 0);
  g_signal_connect_object (self->console, "close-request", G_CALLBACK (close_requested), self, 0);
  fill_monitor_choices (self);
  g_signal_connect_object (ab_presenter_console_get_monitor_dropdown (AB_PRESENTER_CONSOLE (self->console)),
                           "notify::selected", G_CALLBACK (monitor_chosen), self, 0);
  g_signal_connect_object (gdk_display_get_monitors (gtk_widget_get_display (self->audience)), "items-changed",
                           G_CALLBACK (monitors_changed), self, 0);

  place_windows (self);
  gtk_window_present (GTK_WINDOW (self->audience));
  /* The console last, so it has the keyboard on a single screen. */
  gtk_window_present (GTK_WINDOW (self->console));
  return self;
}

/* GObject -------------------------------------------------------------------------- */

static void
ab_presenter_finalize (GObject *object)
{
  AbPresenter *self = AB_PRESENTER (object);

  g_clear_handle_id (&self->leave_id, g_source_remove);
  g_cancellable_cancel (self->prefetch);
  g_clear_object (&self->prefetch);
  g_clear_object (&self->actions);
  g_clear_object (&self->presentation);
  g_clear_object (&self->settings);
  g_clear_pointer (&self->targets, g_hash_table_unref);
  g_free (self->rehearsal_path);
  G_OBJECT_CLASS (ab_presenter_parent_class)->finalize (object);
}

static void
ab_presenter_class_init (AbPresenterClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = ab_presenter_finalize;
}

static void
ab_presenter_init (AbPresenter *self)
{
}
