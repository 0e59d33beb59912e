"""What a person does in the browser, in the words of the journeys: log in, pick from an
autocomplete, add an inline row, press a workflow button. Shared by every journey module."""

from __future__ import annotations

from selenium.webdriver.common.by import By
from selenium.webdriver.support import expected_conditions as ec
from selenium.webdriver.support.ui import Select

from tests.conftest import DEMO_PASSWORD

CONFIDENTIAL_NAMES = ["Demo Confidential Person", "Deputy Director, Americas desk"]


def log_in(b, username: str) -> None:
    b.get("/admin/login/")
    b.type("#id_username", username)
    b.type("#id_password", DEMO_PASSWORD)
    b.submit_and_wait("#login-form input[type=submit]")
    b.find("#user-tools")


def log_out(b) -> None:
    b.submit_and_wait("#logout-form button[type=submit]")
    b.wait_for_text("Logged out")


def choose_autocomplete(b, select_id: str, term: str, label: str) -> None:
    """Open the admin's select2 box next to ``select_id``, type ``term`` and pick ``label``."""
    b.click(f"#{select_id} + .select2 .select2-selection")
    search = b.find(".select2-container--open .select2-search__field")
    search.send_keys(term)
    b.pick(
        By.XPATH,
        "//li[contains(@class, 'select2-results__option') and "
        f"contains(normalize-space(.), '{label}')]",
    )
    b.wait.until(ec.text_to_be_present_in_element((By.ID, f"select2-{select_id}-container"), label))


def add_inline(b, prefix: str) -> int:
    """Click “Add another …” under an inline; return the new form's index."""
    total = b.driver.find_element(By.ID, f"id_{prefix}-TOTAL_FORMS")
    index = int(total.get_attribute("value"))
    b.click(f"#{prefix}-group .add-row a")
    b.find(f"#id_{prefix}-{index}-{'text' if prefix == 'quotes' else 'description'}")
    return index


def fill_quote(b, index: int, *, paragraph: int, text: str, direct: bool) -> None:
    """``paragraph`` as the editor counts it, from 1 (the database keeps the index from 0),
    chosen from the list of the body's paragraphs."""
    b.wait.until(
        lambda d: d.find_elements(
            By.CSS_SELECTOR, f"#id_quotes-{index}-paragraph option[value='{paragraph}']"
        )
    )
    Select(b.find(f"#id_quotes-{index}-paragraph")).select_by_value(str(paragraph))
    b.type(f"#id_quotes-{index}-text", text)
    checkbox = b.find(f"#id_quotes-{index}-is_direct")
    if checkbox.is_selected() != direct:
        checkbox.click()


def save_and_continue(b) -> None:
    b.submit_and_wait("input[name=_continue]")
    b.find(".messagelist .success")


def workflow_button(b, label: str):
    return b.wait.until(
        ec.element_to_be_clickable(
            (By.XPATH, f"//div[@id='workflow-panel']//a[normalize-space(.)='{label}']")
        )
    )


def run_transition(b, label: str, *, fill=None) -> None:
    """Press a workflow button, fill its form and confirm; wait for the success message."""
    b.follow(workflow_button(b, label))
    b.find("form input[type=submit].default")
    if fill:
        fill()
    b.submit_and_wait("form input[type=submit].default")
    b.find(".messagelist .success")


def panel_buttons(b) -> list[str]:
    return [a.text for a in b.find_all("#workflow-panel a.button")]


def assert_no_identity(b) -> None:
    source = b.page_source()
    for name in CONFIDENTIAL_NAMES:
        assert name not in source, f"{name!r} leaked on {b.driver.current_url}"
