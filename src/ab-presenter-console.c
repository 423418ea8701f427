/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ab-presenter-console.c — the presenter console window
 *
 * A view of the one AbPresentation the audience window shows too: both
 * redraw from its "changed" signal, so whichever window took the key, they
 * agree. The clocks tick on a quarter-second timeout; times shown are the
 * presentation's (monotonic milliseconds), the wall clock is the system's.
 */
#define G_LOG_DOMAIN "ab-presenter-console"

#include "config.h"
#include "ab-presenter-console.h"

#include <glib/gi18n.h>

#define MIN_NOTES_SIZE 10
#define MAX_NOTES_SIZE 48

struct _AbPresenterConsole
{
  AdwWindow       parent_instance;

  AbPresentation *presentation;
  guint           clock_id;
  int             notes_size;
  guint           notes_slide;   /* whose notes are shown (G_MAXUINT: none yet) */

  GtkWidget      *window_title;
  GtkWidget      *overview_button;
  GtkWidget      *slide_list;
  GtkWidget      *position_label;
  GtkWidget      *current_view;
  GtkWidget      *next_label;
  GtkWidget      *next_view;
  GtkWidget      *elapsed_label;
  GtkWidget      *pause_button;
  GtkWidget      *clock_label;
  GtkWidget      *slide_time_label;
  GtkWidget      *status_label;
  GtkWidget      *notes_label;
  GtkWidget      *notes_scroller;
  GtkWidget      *monitor_dropdown;
};

G_DEFINE_FINAL_TYPE (AbPresenterConsole, ab_presenter_console, ADW_TYPE_WINDOW)

static gint64
now_ms (void)
{
  return g_get_monotonic_time () / 1000;
}

/* "1:05:09", "12:07", "0:42". */
static char *
format_duration (gint64 ms)
{
  gint64 s = MAX (ms, 0) / 1000;

  if (s >= 3600)
    return g_strdup_printf ("%" G_GINT64_FORMAT ":%02d:%02d", s / 3600, (int) (s / 60 % 60), (int) (s % 60));
  return g_strdup_printf ("%d:%02d", (int) (s / 60), (int) (s % 60));
}

static void
update_slide_time (AbPresenterConsole *self, gint64 now)
{
  guint slide = ab_presentation_get_slide (self->presentation);
  gint64 target = ab_presentation_get_target_ms (self->presentation, slide);
  g_autofree char *spent = format_duration (ab_presentation_get_slide_ms (self->presentation, slide, now));
  g_autofree char *text = NULL;

  if (target >= 0)
    {
      g_autofree char *rehearsed = format_duration (target);
      text = g_strdup_printf (_("On this slide %s · rehearsed %s"), spent, rehearsed);
    }
  else
    text = g_strdup_printf (_("On this slide %s"), spent);
  gtk_label_set_text (GTK_LABEL (self->slide_time_label), text);
}

void
ab_presenter_console_update_clock (AbPresenterConsole *self)
{
  gint64 now = now_ms ();
  g_autofree char *elapsed = format_duration (ab_presentation_get_elapsed_ms (self->presentation, now));
  g_autoptr (GDateTime) wall = g_date_time_new_now_local ();
  g_autofree char *clock = g_date_time_format (wall, "%H:%M");

  gtk_label_set_text (GTK_LABEL (self->elapsed_label), elapsed);
  gtk_label_set_text (GTK_LABEL (self->clock_label), clock);
  update_slide_time (self, now);
}

static gboolean
clock_tick (gpointer user_data)
{
  ab_presenter_console_update_clock (user_data);
  return G_SOURCE_CONTINUE;
}

static void
update_notes (AbPresenterConsole *self)
{
  guint slide = ab_presentation_get_slide (self->presentation);
  g_autofree char *notes = NULL, *markup = NULL;

  notes = ab_slide_dup_notes_markup (ab_presentation_get_deck (self->presentation), slide);
  if (notes == NULL)
    {
      g_autofree char *none = g_markup_escape_text (_("No notes for this slide."), -1);
      notes = g_strdup_printf ("<i>%s</i>", none);
    }
  markup = g_strdup_printf ("<span size=\"%d\">%s</span>", self->notes_size * PANGO_SCALE, notes);
  gtk_label_set_markup (GTK_LABEL (self->notes_label), markup);
  if (self->notes_slide != slide)
    gtk_adjustment_set_value (gtk_scrolled_window_get_vadjustment (GTK_SCROLLED_WINDOW (self->notes_scroller)), 0);
  self->notes_slide = slide;
}

void
ab_presenter_console_refresh_values (AbPresenterConsole *self)
{
  g_return_if_fail (AB_IS_PRESENTER_CONSOLE (self));
  update_notes (self);
  gtk_widget_queue_draw (self->current_view);
  gtk_widget_queue_draw (self->next_view);
}

static void
update_views (AbPresenterConsole *self)
{
  AbPresentation *p = self->presentation;
  AbSlideDeck *deck = ab_presentation_get_deck (p);

  ab_slide_view_show (AB_SLIDE_VIEW (self->current_view), deck, ab_presentation_get_slide (p),
                      ab_presentation_get_position (p));
}

static void
update_next (AbPresenterConsole *self)
{
  AbSlideDeck *deck = ab_presentation_get_deck (self->presentation);
  guint slide, step;

  if (ab_presentation_get_next_target (self->presentation, &slide, &step))
    {
      const AbSlide *s = ab_slide_deck_get_slide (deck, slide);
      g_autofree char *text = NULL;

      if (slide == ab_presentation_get_slide (self->presentation))
        text = g_strdup_printf (_("Next: step %u of %u"), step + 1, s->n_steps);
      else
        text = g_strdup_printf (_("Next: slide %u · %s"), slide + 1, s->title ? s->title : "");
      gtk_label_set_text (GTK_LABEL (self->next_label), text);
      ab_slide_view_show (AB_SLIDE_VIEW (self->next_view), deck, slide, step);
    }
  else
    {
      gtk_label_set_text (GTK_LABEL (self->next_label), _("Next: the end"));
      ab_slide_view_show_end (AB_SLIDE_VIEW (self->next_view), _("End of the presentation"));
    }
}

static void
select_current_row (AbPresenterConsole *self)
{
  GtkListBoxRow *row = gtk_list_box_get_row_at_index (GTK_LIST_BOX (self->slide_list),
                                                      (int) ab_presentation_get_slide (self->presentation));

  gtk_list_box_select_row (GTK_LIST_BOX (self->slide_list), row);
}

static void
presentation_changed (AbPresenterConsole *self)
{
  AbPresentation *p = self->presentation;
  AbSlideDeck *deck = ab_presentation_get_deck (p);
  guint slide = ab_presentation_get_slide (p);
  const AbSlide *s = ab_slide_deck_get_slide (deck, slide);
  const char *jump = ab_presentation_get_jump_text (p);
  gboolean running = ab_presentation_get_timer_running (p);
  g_autofree char *position = NULL;

  position = s->n_steps > 1
    ? g_strdup_printf (_("Slide %u of %u · step %u of %u · %s"), slide + 1, ab_slide_deck_get_n_slides (deck),
                       ab_presentation_get_step (p) + 1, s->n_steps, s->page->title)
    : g_strdup_printf (_("Slide %u of %u · %s"), slide + 1, ab_slide_deck_get_n_slides (deck), s->page->title);
  gtk_label_set_text (GTK_LABEL (self->position_label), position);
  update_views (self);
  update_next (self);
  if (self->notes_slide != slide)
    update_notes (self);
  select_current_row (self);

  /* What the room sees that the console does not show: a blank screen, a number being typed. */
  if (jump)
    {
      g_autofree char *text = g_strdup_printf (_("Go to slide %s — Enter to jump, Esc to cancel"), jump);
      gtk_label_set_text (GTK_LABEL (self->status_label), text);
    }
  else if (ab_presentation_get_blanked (p))
    gtk_label_set_text (GTK_LABEL (self->status_label), _("The audience screen is blank (B or . to show it)"));
  gtk_widget_set_visible (self->status_label, jump || ab_presentation_get_blanked (p));

  gtk_button_set_icon_name (GTK_BUTTON (self->pause_button),
                            running ? "media-playback-pause-symbolic" : "media-playback-start-symbolic");
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->pause_button), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  running ? _("Pause the timer") : _("Resume the timer"), -1);
  if (running)
    gtk_widget_remove_css_class (self->elapsed_label, "presenter-timer-paused");
  else
    gtk_widget_add_css_class (self->elapsed_label, "presenter-timer-paused");
  ab_presenter_console_update_clock (self);
}

/* The slide list ------------------------------------------------------------ */

static GtkWidget *
slide_row (AbSlideDeck *deck, guint index)
{
  const AbSlide *s = ab_slide_deck_get_slide (deck, index);
  GtkWidget *row = gtk_list_box_row_new ();
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 10);
  GtkWidget *text = gtk_box_new (GTK_ORIENTATION_VERTICAL, 2);
  g_autofree char *number = g_strdup_printf ("%u", index + 1);
  g_autofree char *detail = NULL;
  GtkWidget *num = gtk_label_new (number), *title = gtk_label_new (s->title), *sub;
  g_autofree char *accessible = NULL;

  if (s->kind == AB_SLIDE_DIAGRAM)
    detail = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "Diagram · %u step", "Diagram · %u steps", s->n_steps),
                              s->n_steps);
  else if (s->kind == AB_SLIDE_CONTENT)
    detail = g_strdup (_("Slide"));
  else
    detail = g_strdup (s->page == s->page->part->overview ? _("Part overview") : _("Section"));
  sub = gtk_label_new (detail);

  gtk_widget_add_css_class (num, "numeric");
  gtk_widget_add_css_class (num, "dim-label");
  gtk_label_set_width_chars (GTK_LABEL (num), 3);
  gtk_label_set_xalign (GTK_LABEL (num), 1);
  gtk_widget_set_valign (num, GTK_ALIGN_START);
  gtk_label_set_xalign (GTK_LABEL (title), 0);
  gtk_label_set_wrap (GTK_LABEL (title), TRUE);
  gtk_label_set_xalign (GTK_LABEL (sub), 0);
  gtk_widget_add_css_class (sub, "dim-label");
  gtk_widget_add_css_class (sub, "caption");
  if (s->kind == AB_SLIDE_TITLE)
    gtk_widget_add_css_class (title, "heading");
  gtk_box_append (GTK_BOX (text), title);
  gtk_box_append (GTK_BOX (text), sub);
  gtk_box_append (GTK_BOX (box), num);
  gtk_box_append (GTK_BOX (box), text);
  gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (row), box);
  accessible = g_strdup_printf (_("Slide %u: %s (%s)"), index + 1, s->title, detail);
  gtk_accessible_update_property (GTK_ACCESSIBLE (row), GTK_ACCESSIBLE_PROPERTY_LABEL, accessible, -1);
  return row;
}

static void
row_activated (GtkListBox *list, GtkListBoxRow *row, AbPresenterConsole *self)
{
  ab_presentation_go_to (self->presentation, (guint) gtk_list_box_row_get_index (row), 0, now_ms ());
}

/* Public ----------------------------------------------------------------------- */

AbSlideView *
ab_presenter_console_get_current_view (AbPresenterConsole *self)
{
  g_return_val_if_fail (AB_IS_PRESENTER_CONSOLE (self), NULL);
  return AB_SLIDE_VIEW (self->current_view);
}

AbSlideView *
ab_presenter_console_get_next_view (AbPresenterConsole *self)
{
  g_return_val_if_fail (AB_IS_PRESENTER_CONSOLE (self), NULL);
  return AB_SLIDE_VIEW (self->next_view);
}

GtkDropDown *
ab_presenter_console_get_monitor_dropdown (AbPresenterConsole *self)
{
  g_return_val_if_fail (AB_IS_PRESENTER_CONSOLE (self), NULL);
  return GTK_DROP_DOWN (self->monitor_dropdown);
}

void
ab_presenter_console_set_notes_size (AbPresenterConsole *self, int points)
{
  g_return_if_fail (AB_IS_PRESENTER_CONSOLE (self));
  self->notes_size = CLAMP (points, MIN_NOTES_SIZE, MAX_NOTES_SIZE);
  update_notes (self);
}

int
ab_presenter_console_get_notes_size (AbPresenterConsole *self)
{
  g_return_val_if_fail (AB_IS_PRESENTER_CONSOLE (self), 0);
  return self->notes_size;
}

gboolean
ab_presenter_console_list_has_focus (AbPresenterConsole *self)
{
  GtkWidget *focus;

  g_return_val_if_fail (AB_IS_PRESENTER_CONSOLE (self), FALSE);
  focus = gtk_root_get_focus (GTK_ROOT (self));
  return focus && (focus == self->slide_list || gtk_widget_is_ancestor (focus, self->slide_list));
}

void
ab_presenter_console_set_overview (AbPresenterConsole *self, gboolean shown)
{
  g_return_if_fail (AB_IS_PRESENTER_CONSOLE (self));
  gtk_toggle_button_set_active (GTK_TOGGLE_BUTTON (self->overview_button), shown);
}

const char *
ab_presenter_console_get_elapsed_text (AbPresenterConsole *self)
{
  g_return_val_if_fail (AB_IS_PRESENTER_CONSOLE (self), NULL);
  return gtk_label_get_text (GTK_LABEL (self->elapsed_label));
}

const char *
ab_presenter_console_get_notes_text (AbPresenterConsole *self)
{
  g_return_val_if_fail (AB_IS_PRESENTER_CONSOLE (self), NULL);
  return gtk_label_get_text (GTK_LABEL (self->notes_label));
}

/* GObject ------------------------------------------------------------------------ */

static void
ab_presenter_console_dispose (GObject *object)
{
  AbPresenterConsole *self = AB_PRESENTER_CONSOLE (object);

  g_clear_handle_id (&self->clock_id, g_source_remove);
  if (self->presentation)
    {
      ab_slide_view_clear (AB_SLIDE_VIEW (self->current_view));
      ab_slide_view_clear (AB_SLIDE_VIEW (self->next_view));
    }
  g_clear_object (&self->presentation);
  gtk_widget_dispose_template (GTK_WIDGET (self), AB_TYPE_PRESENTER_CONSOLE);
  G_OBJECT_CLASS (ab_presenter_console_parent_class)->dispose (object);
}

static void
ab_presenter_console_class_init (AbPresenterConsoleClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  G_OBJECT_CLASS (klass)->dispose = ab_presenter_console_dispose;
  g_type_ensure (AB_TYPE_SLIDE_VIEW);
  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/in/deepakbaby/AttentionBook/ui/ab-presenter-console.ui");
  gtk_widget_class_bind_template_child (widget_class, AbPresenterConsole, window_title);
  gtk_widget_class_bind_template_child (widget_class, AbPresenterConsole, overview_button);
  gtk_widget_class_bind_template_child (widget_class, AbPresenterConsole, slide_list);
  gtk_widget_class_bind_template_child (widget_class, AbPresenterConsole, position_label);
  gtk_widget_class_bind_template_child (widget_class, AbPresenterConsole, current_view);
  gtk_widget_class_bind_template_child (widget_class, AbPresenterConsole, next_label);
  gtk_widget_class_bind_template_child (widget_class, AbPresenterConsole, next_view);
  gtk_widget_class_bind_template_child (widget_class, AbPresenterConsole, elapsed_label);
  gtk_widget_class_bind_template_child (widget_class, AbPresenterConsole, pause_button);
  gtk_widget_class_bind_template_child (widget_class, AbPresenterConsole, clock_label);
  gtk_widget_class_bind_template_child (widget_class, AbPresenterConsole, slide_time_label);
  gtk_widget_class_bind_template_child (widget_class, AbPresenterConsole, status_label);
  gtk_widget_class_bind_template_child (widget_class, AbPresenterConsole, notes_label);
  gtk_widget_class_bind_template_child (widget_class, AbPresenterConsole, notes_scroller);
  gtk_widget_class_bind_template_child (widget_class, AbPresenterConsole, monitor_dropdown);
}

static void
ab_presenter_console_init (AbPresenterConsole *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  self->notes_size = 16;
  self->notes_slide = G_MAXUINT;
  g_signal_connect (self->slide_list, "row-activated", G_CALLBACK (row_activated), self);
}

GtkWidget *
ab_presenter_console_new (GtkApplication *app, AbPresentation *presentation)
{
  AbPresenterConsole *self;
  AbSlideDeck *deck;
  AbPart *part;
  g_autofree char *subtitle = NULL;

  g_return_val_if_fail (AB_IS_PRESENTATION (presentation), NULL);
  self = g_object_new (AB_TYPE_PRESENTER_CONSOLE, "application", app, NULL);
  self->presentation = g_object_ref (presentation);
  deck = ab_presentation_get_deck (presentation);
  part = ab_slide_deck_get_part (deck);
  subtitle = g_strdup_printf (_("Part %d · %s"), part->number, part->title ? part->title : "");
  adw_window_title_set_subtitle (ADW_WINDOW_TITLE (self->window_title), subtitle);
  for (guint i = 0; i < ab_slide_deck_get_n_slides (deck); i++)
    gtk_list_box_append (GTK_LIST_BOX (self->slide_list), slide_row (deck, i));

  g_signal_connect_object (presentation, "changed", G_CALLBACK (presentation_changed), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (ab_presentation_get_timeline (presentation), "notify::position",
                           G_CALLBACK (update_views), self, G_CONNECT_SWAPPED);
  presentation_changed (self);
  self->clock_id = g_timeout_add (250, clock_tick, self);
  return GTK_WIDGET (self);
}
