/**
 * Tour steps shared by the meeting tours: the chair closes the meeting (the
 * dialog confirmed) and approves its minutes.
 */
export function closeAndApproveSteps() {
    return [
        {
            content: "Close the meeting",
            trigger: ".o_statusbar_buttons button[name='action_close']",
            run: "click",
        },
        {
            trigger: ".modal-footer .btn-primary",
            run: "click",
        },
        {
            trigger: ".o_statusbar_status .o_arrow_button_current:contains('Closed')",
        },
        {
            content: "Approve the minutes",
            trigger: ".o_statusbar_buttons button[name='action_approve']",
            run: "click",
        },
        {
            trigger: ".modal-footer .btn-primary",
            run: "click",
        },
        {
            trigger: ".o_statusbar_status .o_arrow_button_current:contains('Approved')",
        },
    ];
}
