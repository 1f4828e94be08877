//! Bar charts drawn on the server as SVG (plotters), made accessible: a
//! title and a description inside the image, named as an image for screen
//! readers. Each chart is shown next to a table of the same numbers.

use plotters::coord::ranged1d::{IntoSegmentedCoord, SegmentValue};
use plotters::prelude::*;

const WIDTH: u32 = 720;
const HEIGHT: u32 = 300;
const BAR: RGBColor = RGBColor(0x1d, 0x4e, 0x89);

/// A vertical bar chart of `bars` (label, value) as an SVG element. `id`
/// makes the title and description ids unique on the page.
pub fn bars(id: &str, title: &str, description: &str, bars: &[(String, f64)]) -> String {
    let mut svg = String::new();
    let drawn = draw(&mut svg, bars);
    if let Err(e) = drawn {
        tracing::warn!(error = %e, chart = id, "chart not drawn");
        svg.clear();
    }
    accessible(&svg, id, title, description)
}

fn draw(svg: &mut String, bars: &[(String, f64)]) -> Result<(), Box<dyn std::error::Error>> {
    let root = SVGBackend::with_string(svg, (WIDTH, HEIGHT)).into_drawing_area();
    root.fill(&WHITE)?;
    let n = bars.len().max(1);
    let top = bars.iter().map(|(_, v)| *v).fold(0.0_f64, f64::max);
    let top = if top <= 0.0 { 1.0 } else { top * 1.1 };
    let mut chart = ChartBuilder::on(&root)
        .margin(12)
        .x_label_area_size(36)
        .y_label_area_size(48)
        .build_cartesian_2d((0..n - 1).into_segmented(), 0.0..top)?;
    let labels: Vec<String> = bars.iter().map(|(l, _)| l.clone()).collect();
    chart
        .configure_mesh()
        .disable_x_mesh()
        .x_labels(n)
        .x_label_formatter(&|v| match v {
            SegmentValue::CenterOf(i) => labels.get(*i).cloned().unwrap_or_default(),
            _ => String::new(),
        })
        .y_label_formatter(&|v| format!("{v:.0}"))
        .draw()?;
    chart.draw_series(bars.iter().enumerate().map(|(i, (_, v))| {
        let mut r = Rectangle::new(
            [
                (SegmentValue::Exact(i), 0.0),
                (SegmentValue::Exact(i + 1), *v),
            ],
            BAR.filled(),
        );
        r.set_margin(0, 0, 6, 6);
        r
    }))?;
    root.present()?;
    Ok(())
}

fn escape(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

/// Adds the title, the description and the image role to an SVG document.
fn accessible(svg: &str, id: &str, title: &str, description: &str) -> String {
    let (title, description) = (escape(title), escape(description));
    let head = format!(
        " role=\"img\" aria-labelledby=\"{id}-title {id}-desc\"><title id=\"{id}-title\">{title}</title><desc id=\"{id}-desc\">{description}</desc>"
    );
    match svg.find("<svg").and_then(|start| svg[start..].find('>').map(|end| start + end)) {
        Some(end) => format!("{}{}{}", &svg[..end], head, &svg[end + 1..]),
        None => format!(
            "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{WIDTH}\" height=\"{HEIGHT}\"{head}</svg>"
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_chart_carries_its_title_description_and_one_bar_per_value() {
        let svg = bars(
            "per-year",
            "Sengketa per tahun",
            "2024: 3; 2025: 5",
            &[("2024".into(), 3.0), ("2025".into(), 5.0)],
        );
        assert!(svg.starts_with("<svg"), "{svg}");
        assert!(svg.contains("role=\"img\""));
        assert!(svg.contains("<title id=\"per-year-title\">Sengketa per tahun</title>"));
        assert!(svg.contains("<desc id=\"per-year-desc\">2024: 3; 2025: 5</desc>"));
        assert!(
            svg.contains("\n2024\n") && svg.contains("\n2025\n"),
            "{svg}"
        );
        let bars: Vec<&str> = svg
            .lines()
            .filter(|l| l.starts_with("<rect") && l.contains("fill=\"#1D4E89\""))
            .collect();
        assert_eq!(bars.len(), 2, "{svg}");
        // The taller bar is the larger value, and the bars fill the width.
        let height = |l: &str| -> f64 {
            let i = l.find("height=\"").unwrap() + 8;
            l[i..l[i..].find('"').unwrap() + i].parse().unwrap()
        };
        assert!(height(bars[1]) > height(bars[0]));
        assert!((height(bars[1]) / height(bars[0]) - 5.0 / 3.0).abs() < 0.05);
    }
}
