//! Small line charts of measurements, drawn on the server as inline SVG: no JavaScript, one
//! `role="img"` whose `aria-label` says the values in words, and a `viewBox` so it scales down
//! to a 360 px wide phone.

use crate::i18n::Lang;
use crate::linkify::escape;
use std::fmt::Write;

const WIDTH: f64 = 320.0;
const HEIGHT: f64 = 160.0;
const LEFT: f64 = 48.0;
const RIGHT: f64 = 14.0;
const TOP: f64 = 14.0;
const BOTTOM: f64 = 28.0;

/// One measurement: when (seconds since the epoch) and its value.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct ChartPoint {
    pub at: i64,
    pub value: f64,
}

/// The texts of a chart, already in the reader's language.
#[derive(Clone, Debug)]
pub struct ChartText<'a> {
    /// Everything the chart shows, in words (for screen readers).
    pub aria_label: &'a str,
    /// The first and the last date, under the horizontal axis.
    pub first_date: &'a str,
    pub last_date: &'a str,
    pub lang: Lang,
}

/// A value as people write it: at most two decimals, no trailing zeros, a decimal comma in
/// Dutch ("70,25"; "72").
pub fn number(lang: Lang, value: f64) -> String {
    let s = format!("{value:.2}");
    let s = s.trim_end_matches('0').trim_end_matches('.');
    let s = if s == "-0" { "0" } else { s };
    match lang {
        Lang::Nl => s.replace('.', ","),
        Lang::En => s.to_owned(),
    }
}

/// Where `v` lies between `lo` and `hi`, from 0 to 1; the middle when they are equal.
fn share(v: f64, lo: f64, hi: f64) -> f64 {
    if hi > lo { (v - lo) / (hi - lo) } else { 0.5 }
}

/// The chart of `points` (in any order; drawn oldest to newest), or `None` without points.
pub fn line_chart(points: &[ChartPoint], text: &ChartText<'_>) -> Option<String> {
    let mut points = points.to_vec();
    points.sort_by_key(|p| p.at);
    let first = points.first()?;
    let last = points.last()?;
    let (t0, t1) = (first.at as f64, last.at as f64);
    let min = points.iter().map(|p| p.value).fold(f64::INFINITY, f64::min);
    let max = points
        .iter()
        .map(|p| p.value)
        .fold(f64::NEG_INFINITY, f64::max);
    // A little room above and below, so no dot sits on the frame.
    let pad = if max > min {
        (max - min) * 0.1
    } else {
        (max.abs() * 0.1).max(1.0)
    };
    let (lo, hi) = (min - pad, max + pad);
    let plot_w = WIDTH - LEFT - RIGHT;
    let plot_h = HEIGHT - TOP - BOTTOM;
    let x = |at: i64| LEFT + share(at as f64, t0, t1) * plot_w;
    let y = |v: f64| TOP + (1.0 - share(v, lo, hi)) * plot_h;
    let base = TOP + plot_h;

    let mut svg = String::with_capacity(1024);
    let _ = write!(
        svg,
        "<svg class=\"chart\" viewBox=\"0 0 {WIDTH} {HEIGHT}\" width=\"100%\" role=\"img\" \
         aria-label=\"{}\" focusable=\"false\">",
        escape(text.aria_label)
    );
    let _ = write!(
        svg,
        "<path class=\"chart-axis\" d=\"M{LEFT} {TOP}V{base}H{:.1}\" fill=\"none\" \
         stroke=\"currentColor\" stroke-width=\"1\"/>",
        WIDTH - RIGHT
    );
    // The lowest and the highest value beside the vertical axis.
    let mut ticks = vec![min];
    if max > min {
        ticks.push(max);
    }
    for v in ticks {
        let _ = write!(
            svg,
            "<text class=\"chart-label\" x=\"{:.1}\" y=\"{:.1}\" text-anchor=\"end\" \
             font-size=\"14\" fill=\"currentColor\">{}</text>",
            LEFT - 6.0,
            y(v) + 4.0,
            escape(&number(text.lang, v))
        );
    }
    let line = points
        .iter()
        .map(|p| format!("{:.1},{:.1}", x(p.at), y(p.value)))
        .collect::<Vec<_>>()
        .join(" ");
    if points.len() > 1 {
        let _ = write!(
            svg,
            "<polyline class=\"chart-line\" points=\"{line}\" fill=\"none\" \
             stroke=\"currentColor\" stroke-width=\"2.5\"/>"
        );
    }
    for p in &points {
        let _ = write!(
            svg,
            "<circle class=\"chart-dot\" cx=\"{:.1}\" cy=\"{:.1}\" r=\"4\" fill=\"currentColor\"/>",
            x(p.at),
            y(p.value)
        );
    }
    let label_y = HEIGHT - 8.0;
    if points.len() == 1 || t1 <= t0 {
        let _ = write!(
            svg,
            "<text class=\"chart-label\" x=\"{:.1}\" y=\"{label_y}\" text-anchor=\"middle\" \
             font-size=\"14\" fill=\"currentColor\">{}</text>",
            LEFT + plot_w / 2.0,
            escape(text.last_date)
        );
    } else {
        let _ = write!(
            svg,
            "<text class=\"chart-label\" x=\"{LEFT}\" y=\"{label_y}\" text-anchor=\"start\" \
             font-size=\"14\" fill=\"currentColor\">{}</text>\
             <text class=\"chart-label\" x=\"{:.1}\" y=\"{label_y}\" text-anchor=\"end\" \
             font-size=\"14\" fill=\"currentColor\">{}</text>",
            escape(text.first_date),
            WIDTH - RIGHT,
            escape(text.last_date)
        );
    }
    svg.push_str("</svg>");
    Some(svg)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn text(aria: &str) -> ChartText<'_> {
        ChartText {
            aria_label: aria,
            first_date: "3 maart",
            last_date: "20 november",
            lang: Lang::Nl,
        }
    }

    /// The (cx, cy) of every dot, in drawing order.
    fn dots(svg: &str) -> Vec<(f64, f64)> {
        svg.split("<circle")
            .skip(1)
            .map(|c| {
                let attr = |name: &str| -> f64 {
                    let start = c.find(&format!("{name}=\"")).unwrap() + name.len() + 2;
                    let end = start + c[start..].find('"').unwrap();
                    c[start..end].parse().unwrap()
                };
                (attr("cx"), attr("cy"))
            })
            .collect()
    }

    #[test]
    fn points_are_scaled_into_the_plot_oldest_left_highest_up() {
        let svg = line_chart(
            &[
                ChartPoint {
                    at: 300,
                    value: 70.0,
                },
                ChartPoint {
                    at: 100,
                    value: 72.0,
                },
                ChartPoint {
                    at: 200,
                    value: 71.0,
                },
            ],
            &text("Gewicht van 72 kg op 3 maart tot 70 kg op 20 november"),
        )
        .unwrap();
        let d = dots(&svg);
        assert_eq!(d.len(), 3);
        // Sorted by time: the first dot is the oldest, at the left edge of the plot.
        assert_eq!(d[0].0, LEFT);
        assert_eq!(d[2].0, WIDTH - RIGHT);
        assert!((d[1].0 - (LEFT + (WIDTH - LEFT - RIGHT) / 2.0)).abs() < 0.1);
        // 72 is the highest value: smallest y. All inside the plot.
        assert!(d[0].1 < d[1].1 && d[1].1 < d[2].1);
        for (cx, cy) in d {
            assert!((LEFT..=WIDTH - RIGHT).contains(&cx));
            assert!((TOP..=HEIGHT - BOTTOM).contains(&cy));
        }
        assert!(svg.contains("viewBox=\"0 0 320 160\" width=\"100%\" role=\"img\""));
        assert!(
            svg.contains("aria-label=\"Gewicht van 72 kg op 3 maart tot 70 kg op 20 november\"")
        );
        assert!(svg.contains("<polyline"));
        assert!(svg.contains(">72</text>") && svg.contains(">70</text>"));
        assert!(svg.contains(">3 maart</text>") && svg.contains(">20 november</text>"));
    }

    #[test]
    fn text_is_escaped() {
        let t = ChartText {
            aria_label: "a\"><script>alert(1)</script>",
            first_date: "<b>",
            last_date: "&",
            lang: Lang::En,
        };
        let svg = line_chart(
            &[
                ChartPoint { at: 1, value: 1.0 },
                ChartPoint { at: 2, value: 2.0 },
            ],
            &t,
        )
        .unwrap();
        assert!(!svg.contains("<script") && !svg.contains("<b>"));
        assert!(svg.contains("a&quot;&gt;&lt;script&gt;"));
        assert!(svg.contains(">&lt;b&gt;</text>") && svg.contains(">&amp;</text>"));
    }

    #[test]
    fn one_point_is_a_dot_in_the_middle_and_none_is_no_chart() {
        let svg = line_chart(&[ChartPoint { at: 5, value: 7.5 }], &text("Slaap")).unwrap();
        let d = dots(&svg);
        assert_eq!(d.len(), 1);
        assert!((d[0].0 - (LEFT + (WIDTH - LEFT - RIGHT) / 2.0)).abs() < 0.1);
        assert!((d[0].1 - (TOP + (HEIGHT - TOP - BOTTOM) / 2.0)).abs() < 0.1);
        assert!(!svg.contains("<polyline"));
        assert!(svg.contains(">7,5</text>"));
        assert_eq!(line_chart(&[], &text("Slaap")), None);
    }

    #[test]
    fn numbers_are_written_as_people_write_them() {
        assert_eq!(number(Lang::Nl, 70.25), "70,25");
        assert_eq!(number(Lang::En, 70.25), "70.25");
        assert_eq!(number(Lang::Nl, 72.0), "72");
        assert_eq!(number(Lang::Nl, 6.5), "6,5");
        assert_eq!(number(Lang::Nl, -0.001), "0");
        assert_eq!(number(Lang::Nl, 100.0), "100");
    }
}
