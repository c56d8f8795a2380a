//! The contract suite: the same tests run against every backend (see `contract_suite!`), so
//! SQLite and PostgreSQL cannot drift apart. Each test gets a fresh, empty, migrated store.

mod account_security;
mod accounts;
mod api_tokens;
mod attempts;
mod audit;
mod authenticator;
mod care;
mod care_reads;
mod clients;
mod departures;
mod exports;
mod extra_pages;
mod fhir;
mod fixtures;
mod hand_over;
mod imports;
mod invitations;
mod letter_print;
mod letters;
mod messages;
mod network;
mod outbox;
mod own_content;
mod providers;
mod recovery;
mod second_factor;
mod security_audit;
mod staff;
mod staff_admin;
mod sweep;
mod webhooks;

pub use account_security::*;
pub use accounts::*;
pub use api_tokens::*;
pub use attempts::*;
pub use audit::*;
pub use authenticator::*;
pub use care::*;
pub use care_reads::*;
pub use clients::*;
pub use departures::*;
pub use exports::*;
pub use extra_pages::*;
pub use fhir::*;
pub use hand_over::*;
pub use imports::*;
pub use invitations::*;
pub use letter_print::*;
pub use letters::*;
pub use messages::*;
pub use network::*;
pub use outbox::*;
pub use own_content::*;
pub use providers::*;
pub use recovery::*;
pub use second_factor::*;
pub use security_audit::*;
pub use staff::*;
pub use staff_admin::*;
pub use sweep::*;
pub use webhooks::*;

/// Generates one `#[tokio::test]` per contract test. `$harness` is an async fn returning a value
/// with `store()` (an `Arc<dyn Store>`) and an async `finish()` that cleans up.
#[macro_export]
macro_rules! contract_suite {
    ($harness:path) => {
        $crate::contract_suite!(@each $harness;
            ping_answers,
            providers_round_trip,
            providers_list_in_pages,
            practitioners_belong_to_their_provider,
            client_records_round_trip,
            client_number_is_unique_per_provider,
            client_record_needs_an_existing_provider,
            client_records_list_in_pages_per_provider,
            a_foreign_cursor_is_refused,
            letters_are_found_by_code_hash,
            issuing_a_letter_revokes_the_previous_one,
            a_code_hash_is_unique,
            a_letter_is_used_once_even_when_raced,
            racing_issues_leave_one_valid_letter,
            an_expired_or_revoked_letter_cannot_be_used,
            letters_expiring_in_a_window,
            letters_of_a_client_newest_first,
            care_team_round_trip,
            exports_are_limited_per_account_in_one_step,
            an_export_is_claimed_once_and_finished_with_its_notice,
            an_export_is_tried_three_times_and_never_for_a_deleted_account,
            appointments_upcoming_and_past_in_pages,
            care_plans_with_goals,
            reports_newest_first_in_pages,
            documents_and_their_content,
            measurements_newest_first,
            a_report_is_read_by_id,
            a_connected_client_record_finds_its_connection,
            a_hand_over_moves_the_page_and_removes_its_members,
            a_hand_over_that_cannot_happen_writes_nothing,
            racing_hand_overs_have_one_winner,
            a_helped_care_page_is_made_with_its_connection_or_not_at_all,
            extra_care_pages_are_counted_per_maker_up_to_the_limit,
            racing_extra_care_pages_stay_within_the_limit,
            outbox_claims_due_messages_once,
            outbox_retries_failed_messages_later,
            outbox_claims_are_exclusive_when_raced,
            meta_is_claimed_once,
            delivered_messages_are_purged_later,
            registrations_round_trip_and_expire,
            an_activation_link_works_once_and_expires,
            an_activation_proves_one_address_and_a_void_forgets_it,
            racing_activations_claim_once,
            creating_an_account_writes_everything_at_once,
            a_taken_email_or_used_letter_writes_nothing,
            an_expired_letter_creates_no_account,
            racing_redemptions_of_one_letter_make_one_account,
            an_account_without_a_letter_has_a_page_without_connections,
            sessions_and_phone_round_trip,
            an_account_changes_its_language,
            attempts_count_within_their_window,
            racing_failures_are_all_counted,
            a_try_is_taken_only_from_the_state_that_was_read,
            racing_tries_from_one_state_are_counted_once,
            a_try_given_back_no_longer_counts,
            counters_of_one_prefix_are_listed_and_cleared_together,
            an_sms_challenge_is_stored_with_its_message,
            an_sms_challenge_counts_failures_and_is_used_once,
            racing_tries_never_pass_the_limit,
            another_provider_connects_to_an_existing_page,
            a_reset_link_works_once_and_ends_every_session,
            racing_resets_with_one_link_succeed_once,
            own_sessions_are_listed_and_ended,
            an_authenticator_step_is_used_once_and_only_forward,
            a_password_change_ends_the_other_sessions,
            reauthentication_is_recorded_on_the_session,
            an_email_change_link_works_once_and_only_the_newest,
            an_email_change_to_a_taken_address_changes_nothing,
            browsers_are_remembered_per_account,
            the_last_second_factor_cannot_be_removed,
            passkeys_round_trip_and_count_as_factors,
            a_ceremony_is_taken_once_before_it_expires,
            recovery_codes_work_once_and_can_be_replaced,
            password_changes_and_resets_append_their_record_only_when_made,
            an_email_change_appends_its_record_only_when_the_address_changes,
            second_factor_changes_append_their_record_only_when_made,
            ending_sessions_and_deleting_an_account_append_their_record_only_when_made,
            api_tokens_are_found_by_hash_touched_and_revoked,
            fhir_puts_project_care_data_and_repeat_without_change,
            fhir_references_stay_within_a_provider_and_refusals_write_nothing,
            fhir_patients_take_over_unlinked_records_and_keep_numbers_unique,
            fhir_searches_page_by_update_date_patient_and_identifier,
            fhir_deletes_wait_until_nothing_refers,
            fhir_goals_wait_for_a_care_plan_that_lists_them,
            fhir_care_teams_replace_their_members,
            fhir_documents_and_reports_follow_their_sources,
            fhir_versions_grow_over_deletes_and_expectations_hold,
            staff_members_are_added_at_once_or_not_at_all,
            client_records_are_searched_by_name_birth_date_and_number,
            a_letter_pdf_is_kept_for_its_provider_until_its_time,
            staff_are_listed_and_changed_but_one_admin_always_stays,
            racing_removals_of_two_admins_leave_one,
            provider_settings_are_replaced,
            client_records_are_edited_keeping_numbers_unique,
            client_records_are_found_by_first_and_full_name,
            a_providers_connections_are_listed_newest_first,
            a_printed_letter_replaces_the_previous_one_at_once_or_not_at_all,
            a_letter_batch_is_all_or_nothing_and_its_providers_own,
            the_letters_overview_pages_newest_first_by_status,
            expired_pdfs_are_purged_and_current_ones_stay,
            import_jobs_are_claimed_once_and_taken_over_after_the_lease,
            import_progress_and_errors_are_recorded_per_chunk,
            import_jobs_are_claimed_oldest_first_and_exclusively_when_raced,
            another_provider_cannot_see_an_import_job,
            finished_import_uploads_are_purged_later,
            import_statistics_can_be_refreshed,
            webhook_endpoints_are_limited_and_kept_per_provider,
            webhook_events_are_stored_with_their_redemption_or_not_at_all,
            webhook_attempts_update_the_outbox_and_the_delivery_together,
            a_client_records_fhir_patient_is_found_for_its_provider,
            ending_a_connection_moves_it_to_the_history_with_its_messages,
            ended_connections_list_most_recent_first_in_pages,
            deleting_an_account_leaves_a_tombstone_and_vacant_pages,
            deleting_an_unknown_account_writes_nothing,
            members_are_added_once_changed_and_removed,
            members_and_memberships_list_in_the_order_they_joined,
            a_care_page_keeps_its_beheerders_relation_and_vacancy,
            diary_entries_page_newest_first_and_stay_on_their_care_page,
            message_threads_list_newest_first_with_unread_per_participant,
            a_message_goes_only_into_a_thread_of_its_page_by_a_participant,
            a_message_notice_is_claimed_once_with_its_mail,
            providers_take_part_in_messages_only_once_switched_on,
            the_agenda_reads_only_appointments_that_can_fall_in_a_window,
            an_invitation_is_accepted_once_even_when_raced,
            an_invitation_stops_working_at_its_expiry,
            an_invitation_for_a_member_writes_nothing,
            invitations_are_withdrawn_declined_and_resent,
            audit_appends_form_one_chain_when_raced,
            audit_of_a_care_page_pages_newest_first_with_filters,
            audit_of_a_provider_holds_its_clients_records_only,
            old_audit_records_are_purged_and_young_ones_kept,
            ended_registrations_sessions_and_ceremonies_are_swept_in_batches,
            expired_links_counters_and_sms_codes_are_swept_in_batches,
            used_and_expired_staff_invitations_are_swept_in_batches,
        );
    };
    (@each $harness:path; $($name:ident),* $(,)?) => {$(
        #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
        async fn $name() {
            let harness = $harness().await;
            $crate::contract::$name(harness.store()).await;
            harness.finish().await;
        }
    )*};
}
