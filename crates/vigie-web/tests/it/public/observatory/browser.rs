//! The dashboard in headless Chromium with JavaScript disabled (vigie-testkit's browser):
//! the visible text carries the key figures and the suppressed marks, the quartier map can be asked
//! through the filter form, and a screenshot is taken and checked (a PNG that decodes, not blank).
//! `VIGIE_TEST_SCREENSHOT_DIR` keeps a copy of each screenshot there.

use vigie_domain::observatory::CellArea;
use vigie_testkit::{Browser, Driver};

use super::seed;
use crate::public::servers;

/// Takes a screenshot, saves it as `path`, and checks it decodes and shows something.
async fn screenshot(c: &Browser, path: &std::path::Path) {
    let png = c.screenshot_png().await;
    std::fs::write(path, &png).unwrap();
    if let Some(dir) = std::env::var_os("VIGIE_TEST_SCREENSHOT_DIR") {
        let name = path.file_name().unwrap();
        std::fs::copy(path, std::path::Path::new(&dir).join(name)).unwrap();
    }
    let img = image::load_from_memory_with_format(&png, image::ImageFormat::Png)
        .unwrap()
        .to_rgb8();
    assert!(
        img.width() >= 400 && img.height() >= 400,
        "{}x{}",
        img.width(),
        img.height()
    );
    let background = *img.get_pixel(0, img.height() - 1);
    let differing = img.pixels().filter(|p| **p != background).count();
    let share = differing as f64 / f64::from(img.width() * img.height());
    assert!(
        share > 0.05,
        "the screenshot looks blank ({share:.3} of pixels differ)"
    );
    let mut colours: Vec<[u8; 3]> = img.pixels().map(|p| p.0).collect();
    colours.sort_unstable();
    colours.dedup();
    assert!(colours.len() > 16, "only {} colours", colours.len());
}

#[tokio::test]
async fn the_dashboard_with_javascript_disabled() {
    let Some(d) = Driver::start().await else {
        return;
    };
    for s in servers().await {
        let seeded = seed(&s.app).await;
        let snap = seeded.latest();
        let c = Browser::start(&d).await;
        c.set_window_size(1280, 1400).await;
        c.goto(&format!("{}/observatoire", s.base)).await;
        let text = c.wait_for_text("Chiffres clés").await;
        let latest = snap.latest().unwrap();
        let total = latest.cell(&CellArea::City, None).unwrap().count.unwrap();
        assert!(text.contains(&total.to_string()), "{text}");
        assert!(text.contains(&format!("Édition {}", snap.id)), "{text}");
        assert!(text.contains("Que signifie « < 5 » ?"), "{text}");
        assert!(text.contains("< 5"), "{text}");
        for cell in latest
            .cells
            .iter()
            .filter(|c| c.area == CellArea::City && !c.suppressed)
        {
            let n = cell.count.unwrap().to_string();
            assert!(text.contains(&n), "key figure {n} not visible");
        }
        // The page works without script: the filter form submits by GET.
        c.click("#f-level-quartier").await;
        c.click(".obs-filter-form button[type=submit]").await;
        let text = c.wait_for_text("Belsunce").await;
        assert!(text.contains("Carte par quartiers"), "{text}");
        let shot = s
            .dir()
            .join(format!("observatoire-quartiers-{}.png", s.backend()));
        screenshot(&c, &shot).await;

        // The whole dashboard in one tall window.
        c.set_window_size(1280, 6000).await;
        c.goto(&format!("{}/observatoire", s.base)).await;
        c.wait_for_text("Chiffres clés").await;
        let shot = s.dir().join(format!("observatoire-{}.png", s.backend()));
        screenshot(&c, &shot).await;
        assert!(shot.exists());
        c.close().await;
    }
}

#[tokio::test]
async fn the_prevention_figures_with_javascript_disabled() {
    let Some(d) = Driver::start().await else {
        return;
    };
    for s in servers().await {
        // 40 young people in the 3rd arrondissement, 3 in the 13th (suppressed).
        super::seed_prevention(&s.app, &[("13203", 1, 40), ("13213", 2, 3)]).await;
        let c = Browser::start(&d).await;
        c.set_window_size(1280, 1400).await;
        // Before any edition, the observatory shows the prevention section alone.
        c.goto(&format!("{}/observatoire", s.base)).await;
        let text = c.wait_for_text("jeunes sensibilisés").await;
        assert!(text.contains("43 jeunes sensibilisés"), "{text}");
        c.goto(&format!("{}/observatoire/prevention", s.base)).await;
        let text = c.wait_for_text("Jeunes sensibilisés par âge").await;
        assert!(
            text.contains("43 jeunes sensibilisés (3e trimestre 2025)"),
            "{text}"
        );
        assert!(text.contains("< 5"), "{text}");
        // Stored as a release published before the surveys: it says it has none.
        assert!(
            text.contains("publiée avant les résultats des questionnaires"),
            "{text}"
        );
        let shot = s
            .dir()
            .join(format!("observatoire-prevention-{}.png", s.backend()));
        screenshot(&c, &shot).await;
        c.close().await;
    }
}
