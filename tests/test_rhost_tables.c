/* test_rhost_tables.c - the provider tables (engine/tables/rhost-*.def).
 *
 * Every table, every reason group: one realistic reply that an entry of the
 * group decides, and a near miss of it (a code, a status, a label or a word
 * changed) that the group does not decide.  A coverage test holds the rows
 * against the tables, so a group added to a table without a row here fails.
 * Then the mechanics: provider choice, preconditions, Google's way of
 * comparing codes, status ranges, labels, case, commands and stop entries. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>
#include "private.h"
#include "rhost.h"

struct row {
	const char *provider;
	const char *reply, *status, *command, *diag;
	int reason;
	/* the near miss: what differs (NULL: the same as above) */
	const char *mreply, *mstatus, *mdiag;
};

#define T(p, rc, st, cmd, d, r, mrc, mst, md) {p, rc, st, cmd, d, BNC_R_##r, mrc, mst, md},

static const struct row rows[] = {
	/* Aol: case-sensitive */
	T("aol", "550", "5.4.4", NULL, "Host or domain name not found. Name service error for name=aol.example.com type=A: Host not found",
	  hostunknown, NULL, NULL, "host or domain name not found. name service error for name=aol.example.com type=a: host not found")
	T("aol", "550", "5.1.2", NULL, "Name service error for name=example.org type=MX: Malformed or unexpected name server reply",
	  notaccept, NULL, NULL, "Name service error for name=example.org type=A: Malformed or unexpected name server reply")
	/* Apple */
	T("apple", "554", "5.7.1", NULL, "554 5.7.1 Your message was rejected due to example.com's DMARC policy. See https://support.apple.com/en-us/HT204137 for",
	  authfailure, NULL, NULL, "554 5.7.1 Your message was rejected due to example.com policy. See https://support.apple.com/en-us/HT204137 for")
	T("apple", "550", "5.7.1", NULL, "550 5.7.1 Mail from IP 192.0.2.1 was rejected due to listing in Spamhaus SBL. For details please see http://www.spamhaus.org/query/bl?ip=192.0.2.1",
	  blocked, NULL, NULL, "550 5.7.1 Mail from IP 192.0.2.1 was rejected due to a listing. For details please see http://www.spamhaus.org/query/bl?ip=192.0.2.1")
	T("apple", "550", "5.1.6", NULL, "550 5.1.6 recipient no longer on server: alice@icloud.example.com",
	  hasmoved, NULL, NULL, "550 5.1.6 recipient moved: alice@icloud.example.com")
	T("apple", "552", "5.2.2", NULL, "552 5.2.2 <alice@example.com>: user is over quota (in reply to RCPT TO command)",
	  mailboxfull, NULL, NULL, "552 5.2.2 <alice@example.com>: user is near quota (in reply to RCPT TO command)")
	T("apple", "554", "5.7.1", NULL, "554 5.7.1 <alice@example.net>: Relay access denied",
	  norelaying, NULL, NULL, "554 5.7.1 <alice@example.net>: Relay access refused")
	T("apple", "556", "5.1.10", NULL, "556 5.1.10 host/domain does not accept mail",
	  notaccept, NULL, NULL, "556 5.1.10 host/domain does accept mail")
	T("apple", "550", "5.7.1", NULL, "550 5.7.1 [CS01] Message rejected due to local policy. Please visit https://support.apple.com/en-us/HT204137",
	  policyviolation, NULL, NULL, "550 5.7.1 [CS01] Message rejected due to content. Please visit https://support.apple.com/en-us/HT204137")
	T("apple", "450", "4.1.8", NULL, "450 4.1.8 <bob@example.org>: Sender address rejected: Domain not found",
	  rejected, NULL, NULL, "450 4.1.8 <bob@example.org>: Sender address verification pending")
	T("apple", "421", "4.7.1", NULL, "421 4.7.1 Messages to alice@example.com deferred due to excessive volume. Try again later - https://support.apple.com/en-us/HT204137",
	  ratelimited, NULL, NULL, "421 4.7.1 Messages to alice@example.com deferred due to maintenance. Try again later")
	T("apple", "550", "5.1.1", NULL, "550 5.1.1 <alice@example.com>: user does not exist (in reply to RCPT TO command)",
	  userunknown, NULL, NULL, "550 5.1.1 <alice@example.com>: user does not answer (in reply to RCPT TO command)")
	T("apple", "550", "5.1.1", NULL, "550 5.1.1 <alice@example.com>: inactive email address (in reply to RCPT TO command)",
	  suspend, NULL, NULL, "550 5.1.1 <alice@example.com>: email address temporarily unavailable (in reply to RCPT TO command)")
	/* Cloudflare: case-sensitive */
	T("cloudflare", "554", "5.7.1", NULL, "554 5.7.1 192.0.2.1 found on one or more DNSBLs, see https://developers.cloudflare.com/email-routing/postmaster/",
	  blocked, NULL, NULL, "554 5.7.1 192.0.2.1 found on one or more dnsbls")
	T("cloudflare", "421", "4.3.0", NULL, "421 4.3.0 Upstream error, please check https://developers.cloudflare.com/email-routing/postmaster",
	  systemerror, NULL, NULL, "421 4.3.0 upstream error, please check https://developers.cloudflare.com/email-routing/postmaster")
	/* Cox: labels first, then messages */
	T("cox", "550", "5.1.0", NULL, "550 5.1.0 <bounce@example.com> sender rejected. Refer to Error Codes section at https://www.cox.com/residential/support/email-error-codes.html for more information. AUP#CXBL",
	  blocked, NULL, NULL, "550 5.1.0 <bounce@example.com> sender rejected. Refer to Error Codes section at https://www.cox.com/residential/support/email-error-codes.html for more information. AUP#CXBLX")
	T("cox", "421", "4.7.0", NULL, "421 4.7.0 cox.net DNS check failure - try again later",
	  requireptr, NULL, NULL, "421 4.7.0 cox.net DNS check passed - try again later")
	T("cox", "554", "5.7.9", NULL, "554 5.7.9 Message not accepted: sender domain authentication failed. AUP#CXSNDR",
	  authfailure, NULL, NULL, "554 5.7.9 Message not accepted: sender domain authentication failed. AUP#cxsndr")
	T("cox", "550", "5.1.0", NULL, "550 5.1.0 <bounce@example.com> sender rejected",
	  rejected, NULL, NULL, "550 5.1.0 <bounce@example.com> sender accepted")
	T("cox", "421", "4.7.0", NULL, "421 4.7.0 cox.net too many sessions from 192.0.2.1",
	  ratelimited, NULL, NULL, "421 4.7.0 cox.net sessions from 192.0.2.1 closed")
	T("cox", "550", "5.7.1", NULL, "550 5.7.1 Email sending limited due to suspicious account activity AUP#CXTHRT",
	  securityerror, NULL, NULL, "550 5.7.1 Email sending limited due to suspicious account activity AUP#CXTHR")
	T("cox", "554", "5.7.1", NULL, "554 5.7.1 A URL in the message is on a block list AUP#URLBL1001",
	  spamdetected, NULL, NULL, "554 5.7.1 A URL in the message is on a block list AUP#URLBL1000")
	T("cox", "554", "5.7.1", NULL, "554 5.7.1 cox.net attachment extension is forbidden",
	  policyviolation, NULL, NULL, "554 5.7.1 cox.net attachment extension is allowed")
	T("cox", "421", "4.3.2", NULL, "421 4.3.2 cox.net ESMTP server temporarily not available",
	  systemerror, NULL, NULL, "421 4.3.2 cox.net ESMTP server available")
	T("cox", "550", "5.1.1", NULL, "550 5.1.1 <alice@example.com> recipient rejected",
	  userunknown, NULL, NULL, "550 5.1.1 <alice@example.com> recipient accepted")
	/* Facebook: the label around the first hyphen */
	T("facebook", "550", "5.7.1", NULL, "550 5.7.1 POL-P7 http://postmaster.facebook.com/response_codes#pol Domain authentication failed",
	  authfailure, NULL, NULL, "550 5.7.1 POL-P8 http://postmaster.facebook.com/response_codes#pol Domain authentication failed")
	T("facebook", "550", "5.7.1", NULL, "550 5.7.1 POL-P1 http://postmaster.facebook.com/response_codes?ip=192.0.2.1#pol Your IP is on the Spamhaus PBL",
	  blocked, NULL, NULL, "550 5.7.1 pol-p1 http://postmaster.facebook.com/response_codes?ip=192.0.2.1#pol Your IP is on the Spamhaus PBL")
	T("facebook", "550", "5.6.0", NULL, "550 5.6.0 MSG-P2 http://postmaster.facebook.com/response_codes#msg Attachment type not accepted",
	  contenterror, NULL, NULL, "550 5.6.0 <sender-x@example.com> MSG-P2 http://postmaster.facebook.com/response_codes#msg")
	T("facebook", "550", "5.1.1", NULL, "This message was created automatically by Facebook. Based on the email preferences of the person you're trying to email, this message could not be delivered. 550 5.1.1 RCP-P2 http://postmaster.facebook.com/response_codes?ip=192.0.2.1#rcp Refused due to recipient preferences",
	  filtered, NULL, NULL, "This message was created automatically by Facebook. Based on the e-mail preferences of the person you're trying to email, this message could not be delivered. 550 5.1.1 RCP-P2")
	T("facebook", "552", "5.3.4", NULL, "552 5.3.4 MSG-P1 http://postmaster.facebook.com/response_codes#msg Message exceeds maximum size",
	  emailtoolarge, NULL, NULL, "552 5.3.4 MSG-T1 http://postmaster.facebook.com/response_codes#msg Message exceeds maximum size")
	T("facebook", "550", "5.6.0", NULL, "550 5.6.0 MSG-P3 http://postmaster.facebook.com/response_codes#msg Duplicate header fields",
	  notcompliantrfc, NULL, NULL, "550 5.6.0 MSG-P4 http://postmaster.facebook.com/response_codes#msg Duplicate header fields")
	T("facebook", "550", "5.1.8", NULL, "550 5.1.8 DNS-P1 http://postmaster.facebook.com/response_codes#dns MAIL FROM domain does not exist",
	  rejected, NULL, NULL, "550 5.1.8 DNS-P4 http://postmaster.facebook.com/response_codes#dns MAIL FROM domain does not exist")
	T("facebook", "550", "5.7.25", NULL, "550 5.7.25 DNS-P3 http://postmaster.facebook.com/response_codes#dns No reverse DNS",
	  requireptr, NULL, NULL, "550 5.7.25 DNS-P5 http://postmaster.facebook.com/response_codes#dns No reverse DNS")
	T("facebook", "550", "5.7.1", NULL, "550 5.7.1 POL-P6 http://postmaster.facebook.com/response_codes#pol Blocked URL",
	  spamdetected, NULL, NULL, "550 5.7.1 POL-P9 http://postmaster.facebook.com/response_codes#pol Blocked URL")
	T("facebook", "450", "4.2.1", NULL, "450 4.2.1 RCP-T4 http://postmaster.facebook.com/response_codes#rcp Recipient address deactivated",
	  suspend, NULL, NULL, "450 4.2.1 RCP-T5 http://postmaster.facebook.com/response_codes#rcp Recipient address deactivated")
	T("facebook", "451", "4.3.0", NULL, "451 4.3.0 RCP-T1 http://postmaster.facebook.com/response_codes#rcp Internal system issue",
	  systemerror, NULL, NULL, "451 4.3.0 RCP-T2 http://postmaster.facebook.com/response_codes#rcp Internal system issue")
	T("facebook", "421", "4.7.0", NULL, "421 4.7.0 CON-T1 http://postmaster.facebook.com/response_codes#con Too many connections",
	  ratelimited, NULL, NULL, "421 4.7.0 CON-T5 http://postmaster.facebook.com/response_codes#con Too many connections")
	T("facebook", "550", "5.1.1", NULL, "550 5.1.1 RCP-P1 http://postmaster.facebook.com/response_codes#rcp Recipient does not exist",
	  userunknown, NULL, NULL, "550 5.1.1 RCP-P5 http://postmaster.facebook.com/response_codes#rcp Recipient does not exist")
	T("facebook", "554", "5.7.1", NULL, "554 5.7.1 POL-P5 http://postmaster.facebook.com/response_codes#pol Message contains a virus",
	  virusdetected, NULL, NULL, "554 5.7.1 POL-P3X http://postmaster.facebook.com/response_codes#pol Message contains a virus")
	/* FrancePTT: the word ending with the code after LPN/OFR/OUK */
	T("franceptt", "550", "5.7.1", NULL, "550 5.7.1 Service unavailable; client [192.0.2.1] blocked using Spamhaus. LPNAAA_101 [101]",
	  blocked, NULL, NULL, "550 5.7.1 Service unavailable; client [192.0.2.1] blocked using Spamhaus. LPNAAA_199 [199]")
	T("franceptt", "421", "4.0.0", NULL, "421 mwinf5c77 ME Service refuse. Veuillez essayer plus tard. Service refused, please try later. OFR_999 [999]",
	  ratelimited, NULL, NULL, "421 mwinf5c77 ME Service refuse. Veuillez essayer plus tard. Service refused, please try later. OFR_998 [998]")
	T("franceptt", "421", "4.7.0", NULL, "421 mwinf5c79 ME Trop de connexions, veuillez verifier votre configuration. Too many connections, slow down. OFR005_104 [104]",
	  ratelimited, NULL, NULL, "421 mwinf5c79 ME Trop de connexions. Too many connections, slow down. OFR005_1040 [1040]")
	T("franceptt", "550", "5.5.0", NULL, "550 5.5.0 Authentification requise. Authentication Required. LPN105_402",
	  securityerror, NULL, NULL, "550 5.5.0 Authentification requise. Authentication Required. LPN105_402.")
	T("franceptt", "550", "5.5.0", NULL, "550 5.5.0 SPF: 192.0.2.1 is not allowed to send mail. LPN004_401",
	  authfailure, NULL, NULL, "550 5.5.0 SPF: 192.0.2.1 is not allowed to send mail. LPN004_400")
	T("franceptt", "501", "5.1.0", NULL, "501 5.1.0 Emetteur invalide. Invalid Sender. OFR004_405 [405]",
	  rejected, NULL, NULL, "501 5.1.0 Emetteur invalide. Invalid Sender. OFR004_406 [406]")
	T("franceptt", "550", "5.1.1", NULL, "550 5.1.1 Adresse d au moins un destinataire invalide. Invalid recipient. OFR_416 [416]",
	  userunknown, NULL, NULL, "550 5.1.1 Adresse d au moins un destinataire invalide. Invalid recipient. OFR_419 [419]")
	T("franceptt", "552", "5.1.1", NULL, "552 5.1.1 Boite du destinataire pleine. Recipient overquota. OFR_417 [417]",
	  mailboxfull, NULL, NULL, "552 5.1.1 Boite du destinataire pleine. Recipient overquota. OFR_418 [418]")
	T("franceptt", "550", "5.5.0", NULL, "550 5.5.0 Boite du destinataire archivee. Archived recipient. LPN007_420",
	  suspend, NULL, NULL, "550 5.5.0 Boite du destinataire archivee. Archived recipient. LPN007_422")
	T("franceptt", "421", "4.2.0", NULL, "421 4.2.0 Service refuse. Veuillez essayer plus tard. Service refused, please try later. OFR005_505 [505]",
	  systemerror, NULL, NULL, "421 4.2.0 Service refuse. Veuillez essayer plus tard. Service refused, please try later. OFR005_507 [507]")
	T("franceptt", "550", "5.7.1", NULL, "550 5.7.1 Mail rejete. Mail rejected. OFR_506 [506]",
	  spamdetected, NULL, NULL, "550 5.7.1 Mail rejete. Mail rejected. OFR_508 [508]")
	T("franceptt", "552", "5.3.4", NULL, "552 5.3.4 Taille limite du message atteinte. LPN003_514",
	  emailtoolarge, NULL, NULL, "552 5.3.4 Taille limite du message atteinte. LPN003_515")
	T("franceptt", "554", "5.7.1", NULL, "554 5.7.1 <mail.example.net[192.0.2.1]:49309>: Client host rejected: LPN000_630",
	  policyviolation, NULL, NULL, "554 5.7.1 <mail.example.net[192.0.2.1]:49309>: Client host rejected: LPN000_631")
	/* GoDaddy: " IB" labels, else messages */
	T("godaddy", "535", "5.7.1", NULL, "535 5.7.1 Authentication is not allowed on inbound mail. IB401",
	  securityerror, NULL, NULL, "535 Authentication not allowed on IBSMTP Servers. IB401")
	T("godaddy", "550", "5.1.7", NULL, "550 jane@example.com Blank From: addresses are not allowed. Provide a valid From. IB501",
	  notcompliantrfc, NULL, NULL, "550 jane@example.com Blank From: addresses are not allowed. Provide a valid From. IB509")
	T("godaddy", "550", "5.1.8", NULL, "550 example.com From: Domain is invalid. Provide a valid From: IB506",
	  rejected, NULL, NULL, "550 example.com From: Domain is invalid. Provide a valid From: ib506")
	T("godaddy", "550", "5.7.23", NULL, "550 jane@example.com Invalid SPF record. Inspect your SPF settings, and try again. IB508",
	  authfailure, NULL, NULL, "550 jane@example.com Invalid SPF record. Inspect your SPF settings, and try again. IB580")
	T("godaddy", "421", "4.7.25", NULL, "421 Temporarily rejected. Reverse DNS for this IP failed. IB108",
	  requireptr, NULL, NULL, "421 Temporarily rejected. Reverse DNS for this IP failed. IB180")
	T("godaddy", "552", "5.7.1", NULL, "552 This message has been rejected due to content judged to be spam by the internet community. IB212",
	  spamdetected, NULL, NULL, "552 This message has been rejected due to content judged to be spam by the internet community. IB221")
	T("godaddy", "552", "5.7.1", NULL, "552 Virus infected message rejected. IB705",
	  virusdetected, NULL, NULL, "552 Virus infected message rejected. IB750")
	T("godaddy", "550", "5.1.1", NULL, "550 5.1.1 <kijitora@example.com> - 192.0.2.22 has sent to too many recipients this hour. IB607 <http://x.co/rlbounce>",
	  ratelimited, NULL, NULL, "550 5.1.1 <kijitora@example.com> - 192.0.2.22 has sent to too many recipients this hour. IB670 <http://x.co/rlbounce>")
	T("godaddy", "554", "5.7.1", NULL, "554 Connection refused. This IP address is listed on the Spamhaus Block List (SBL). IB104",
	  blocked, NULL, NULL, "554 Connection refused. This IP address is listed on the Spamhaus Block List (SBL). IB140")
	T("godaddy", "554", "5.7.1", NULL, "554 Connection refused. This IP has a poor reputation on Cloudmark Sender Intelligence (CSI). IB103",
	  badreputation, NULL, NULL, "554 Connection refused. This IP has a poor reputation on Cloudmark Sender Intelligence (CSI). IB130")
	T("godaddy", "451", "4.4.7", NULL, "451 Sorry, I wasn't able to establish an SMTP connection. I'm not going to try again; this message has been in the queue too long.",
	  expired, NULL, NULL, "451 Sorry, I wasn't able to establish an SMTP connection. I'm going to try again; this message has been queued.")
	T("godaddy", "552", "5.2.2", NULL, "552 5.2.2 Mailbox full: account storage limit reached",
	  mailboxfull, NULL, NULL, "552 5.2.2 Mailbox full: account storage limit reached IB607")
	T("godaddy", "550", "5.2.1", NULL, "550 5.2.1 Account disabled",
	  suspend, NULL, NULL, "550 5.2.1 Account enabled")
	T("godaddy", "553", "5.4.6", NULL, "553 This message is looping: it already has my Delivered-To line. (#5.4.6)",
	  systemerror, NULL, NULL, "553 This message is looping: it already has my Delivered-To line. IB999")
	T("godaddy", "550", "5.1.1", NULL, "550 5.1.1 Recipient not found. <http://x.co/irbounce>",
	  userunknown, NULL, NULL, "550 5.1.1 Recipient is found. <http://x.co/irbounce>")
	/* Google: reply code, status and message; class digits are not compared */
	T("google", "550", "5.7.26", NULL, "550 5.7.26 This mail has been blocked because the sender is unauthenticated. Gmail requires all senders to authenticate with either SPF or DKIM. https://support.google.com/mail/answer/81126",
	  authfailure, "451", NULL, NULL)
	T("google", "550", "5.7.1", NULL, "550 5.7.1 Our system has detected that this message is likely suspicious due to the very low reputation of the sending IP address. To best protect our users from spam, the message has been blocked.",
	  badreputation, NULL, "5.7.2", NULL)
	T("google", "421", "4.7.28", NULL, "421 4.7.28 Gmail has detected an unusual rate of mail originating from your IP address 192.0.2.25. To protect our users from spam, mail has been temporarily rate limited.",
	  blocked, NULL, "4.7.0", NULL)
	T("google", "552", "5.3.4", NULL, "552 5.3.4 The size of your message (31457280 bytes) exceeds Google's message size limit of 26214400 bytes. https://support.google.com/mail/?p=MaxSizeError",
	  emailtoolarge, "550", NULL, NULL)
	T("google", "451", "4.4.2", NULL, "451 4.4.2 Timeout - closing connection. For more information, go to About SMTP error messages.",
	  expired, "421", NULL, NULL)
	T("google", "530", "5.7.0", NULL, "530 5.7.0 Must issue a STARTTLS command first. For more information, go to About SMTP error messages and review RFC 3207 specifications.",
	  failedstarttls, NULL, "5.5.1", NULL)
	T("google", "452", "4.2.2", NULL, "452 4.2.2 The recipient's inbox is out of storage space. Please direct the recipient to https://support.google.com/mail/?p=OverQuotaTemp",
	  mailboxfull, "450", NULL, NULL)
	T("google", "554", "5.4.6", NULL, "554 5.4.6 Message exceeded 50 hops, this may indicate a mail loop. https://support.google.com/mail/?p=MailLoop",
	  networkerror, NULL, "5.4.7", NULL)
	T("google", "550", "5.7.0", NULL, "550 5.7.0 Mail relay denied 192.0.2.25. Invalid credentials for relay for one of the domains in: example.com",
	  norelaying, NULL, "5.7.9", NULL)
	T("google", "550", "5.7.1", NULL, "550 5.7.1 Messages missing a valid Message-ID: header are not accepted. For more information, go to Email sender guidelines.",
	  notcompliantrfc, "553", NULL, NULL)
	T("google", "550", "5.7.1", NULL, "550 5.7.1 The user or domain that you are sending to (or from) has a policy that prohibited the mail that you sent.",
	  policyviolation, NULL, "5.7.2", NULL)
	T("google", "552", "5.7.0", NULL, "552 5.7.0 This message was blocked because its content presents a potential security issue. Please visit https://support.google.com/mail/?p=BlockedMessage",
	  contenterror, NULL, "5.7.1", NULL)
	T("google", "550", "5.7.0", NULL, "550 5.7.0, Mail Sending denied. This error occurs if the sender account is disabled or not registered within your Google Workspace domain.",
	  rejected, NULL, "5.7.4", NULL)
	T("google", "550", "5.7.25", NULL, "550 5.7.25 The IP address sending this message does not have a PTR record setup, or the corresponding forward DNS entry does not point to the sending IP.",
	  requireptr, NULL, "5.7.5", NULL)
	T("google", "535", "5.7.8", NULL, "535 5.7.8 Username and Password not accepted. For more information, go to https://support.google.com/mail/?p=BadCredentials",
	  securityerror, "534", NULL, NULL)
	T("google", "550", "5.7.1", NULL, "550 5.7.1 Our system has detected that this message is likely unsolicited mail. To reduce the amount of spam sent to Gmail, this message has been blocked.",
	  spamdetected, NULL, "5.7.2", NULL)
	T("google", "450", "4.2.1", NULL, "450 4.2.1 The user you are trying to contact is receiving mail too quickly. Please resend your message at a later time.",
	  ratelimited, NULL, "4.2.2", NULL)
	T("google", "550", "5.2.1", NULL, "550 5.2.1 The email account that you tried to reach is inactive. For more information, go to https://support.google.com/mail/?p=DisabledUser",
	  suspend, NULL, "5.1.1", NULL)
	T("google", "503", "5.5.1", NULL, "503 5.5.1 Bad sequence of commands. For more information, go to About SMTP error messages.",
	  syntaxerror, "501", NULL, NULL)
	T("google", "451", "4.3.0", NULL, "451 4.3.0 Mail server temporarily rejected message. For more information, go to About SMTP error messages.",
	  systemerror, NULL, "4.7.0", NULL)
	T("google", "550", "5.1.1", NULL, "550 5.1.1 The email account that you tried to reach does not exist. Please try double-checking the recipient's email address for typos or unnecessary spaces.",
	  userunknown, NULL, "5.2.1", NULL)
	/* GSuite: case-sensitive; the NXDOMAIN texts by class */
	T("gsuite", "550", "5.1.2", NULL, "DNS Error: 27248358 DNS type 'mx' lookup of example.net responded with code NXDOMAIN Domain name not found: example.net",
	  hostunknown, "", "4.4.3", NULL)
	T("gsuite", "", "4.4.3", NULL, "DNS Error: 27248358 DNS type 'mx' lookup of example.net responded with code NXDOMAIN Domain name not found: example.net",
	  networkerror, "550", "4.4.3", NULL)
	T("gsuite", "", "4.0.0", NULL, "DNS Error: 80458680 DNS type 'mx' lookup of example.org responded with code NOERROR The domain example.org doesn't receive email according to the administrator: returned Null MX https://www.rfc-editor.org/info/rfc7505",
	  notaccept, NULL, NULL, "DNS Error: 80458680 DNS type 'mx' lookup of example.org responded with code NOERROR: returned null mx")
	T("gsuite", "", "5.0.0", NULL, "** Address not found ** Your message wasn't delivered to alice@example.com because the address couldn't be found. Check for typos or unnecessary spaces and try again.",
	  userunknown, NULL, NULL, "** Address not found ** Your message wasn't delivered to alice@example.com because the address couldn't be found, or is unable to receive mail.")
	/* IUA: https://mail.i.ua/err/<N>/ */
	T("iua", "550", "5.7.1", NULL, "550 5.7.1 Use of SMTP as mail gate is forbidden. https://mail.i.ua/err/1/",
	  norelaying, NULL, NULL, "550 5.7.1 Use of SMTP as mail gate is forbidden. https://mail.i.ua/err/11/")
	T("iua", "550", "5.1.1", NULL, "550 5.1.1 Mailbox not found. https://mail.i.ua/err/2/",
	  userunknown, NULL, NULL, "550 5.1.1 Mailbox not found. https://mail.i.ua/err/2")
	T("iua", "550", "5.2.1", NULL, "550 5.2.1 Mailbox was not used for more than 3 months. https://mail.i.ua/err/3/",
	  suspend, NULL, NULL, "550 5.2.1 Mailbox was not used for more than 3 months. https://mail.i.ua/errors/3/")
	T("iua", "552", "5.2.2", NULL, "552 5.2.2 Mailbox is full. https://mail.i.ua/err/4/",
	  mailboxfull, NULL, NULL, "552 5.2.2 Mailbox is full. https://mail.i.ua/err/40/")
	T("iua", "450", "4.7.1", NULL, "450 4.7.1 Letter sending limit is exceeded. https://mail.i.ua/err/5/",
	  ratelimited, NULL, NULL, "450 4.7.1 Letter sending limit is exceeded. https://mail.i.ua/err//")
	T("iua", "550", "5.7.1", NULL, "550 5.7.1 IP-address of the sender is blacklisted. https://mail.i.ua/err/9/",
	  blocked, NULL, NULL, "550 5.7.1 IP-address of the sender is blacklisted. https://mail.i.ua/err/99/")
	T("iua", "550", "5.1.8", NULL, "550 5.1.8 Couldn't check sender address. https://mail.i.ua/err/8/",
	  rejected, NULL, NULL, "550 5.1.8 Couldn't check sender address. https://mail.i.ua/err/88/")
	T("iua", "550", "5.7.1", NULL, "550 5.7.1 Not in the list Mail address management. https://mail.i.ua/err/10/",
	  filtered, NULL, NULL, "550 5.7.1 Not in the list Mail address management. https://mail.i.ua/err/100/")
	/* KDDI */
	T("kddi", "550", "5.0.0", NULL, "The response was: 550 : User unknown",
	  filtered, NULL, NULL, "The response was: 550: User unknown")
	T("kddi", "550", "5.1.1", NULL, "550 <alice@ezweb.example.jp>: User unknown",
	  userunknown, NULL, NULL, "550 <alice@ezweb.example.jp> User unknown")
	/* MessageLabs: case-sensitive */
	T("messagelabs", "550", "5.0.0", NULL, "I was unable to deliver your message to the following addresses: alice@example.com Reason: 553-SPF (Sender Policy Framework) domain authentication fail.",
	  authfailure, NULL, NULL, "I was unable to deliver your message to the following addresses: alice@example.com Reason: 553-SPF (Sender Policy Framework) domain authentication passed.")
	T("messagelabs", "550", "5.0.0", NULL, "I was unable to deliver your message to the following addresses: alice@example.com Reason: 550 Connection rejected by policy [7.7]",
	  badreputation, NULL, NULL, "I was unable to deliver your message to the following addresses: alice@example.com Reason: 550 connection rejected by policy [7.7]")
	T("messagelabs", "550", "5.0.0", NULL, "I was unable to deliver your message to the following addresses: alice@example.com Reason: 553 mail rejected because your IP is in the PBL.",
	  blocked, NULL, NULL, "I was unable to deliver your message to the following addresses: alice@example.com Reason: 553 mail rejected because your IP is on a list.")
	T("messagelabs", "550", "5.0.0", NULL, "I was unable to deliver your message to the following addresses: alice@example.com Reason: 550 Stray linefeeds in message",
	  contenterror, NULL, NULL, "I was unable to deliver your message to the following addresses: alice@example.com Reason: 550 stray linefeeds in message")
	T("messagelabs", "550", "5.0.0", NULL, "I was unable to deliver your message to the following addresses: alice@example.com Reason: 550 TLS/SSLv3 Connection required.",
	  failedstarttls, NULL, NULL, "I was unable to deliver your message to the following addresses: alice@example.com Reason: 550 tls/sslv3 connection required.")
	T("messagelabs", "550", "5.0.0", NULL, "I was unable to deliver your message to the following addresses: alice@example.com Reason: 553 Sorry, example.com is not in my list of allowed hosts; use a local host as a relay, please",
	  norelaying, NULL, NULL, "I was unable to deliver your message to the following addresses: alice@example.com Reason: 553 Sorry, example.com is not in my list of allowed hosts")
	T("messagelabs", "550", "5.0.0", NULL, "I was unable to deliver your message to the following addresses: alice@example.com Reason: 550 Requested action aborted [4]",
	  notcompliantrfc, NULL, NULL, "I was unable to deliver your message to the following addresses: alice@example.com Reason: 550 Requested action aborted [5]")
	T("messagelabs", "550", "5.0.0", NULL, "I was unable to deliver your message to the following addresses: alice@example.com Reason: 452 Too many recipients received this hour",
	  ratelimited, NULL, NULL, "I was unable to deliver your message to the following addresses: alice@example.com Reason: 452 too many recipients received this hour")
	T("messagelabs", "550", "5.0.0", NULL, "I was unable to deliver your message to the following addresses: alice@example.com Reason: 553 sorry, your envelope sender is in my badmailfrom list",
	  rejected, NULL, NULL, "I was unable to deliver your message to the following addresses: alice@example.com Reason: 553 sorry, your envelope sender is in a list")
	T("messagelabs", "550", "5.0.0", NULL, "I was unable to deliver your message to the following addresses: alice@example.com Reason: 550 Message Filtered",
	  spamdetected, NULL, NULL, "I was unable to deliver your message to the following addresses: alice@example.com Reason: 550 message filtered")

	T("messagelabs", "550", "5.0.0", NULL, "I was unable to deliver your message to the following addresses: alice@example.com Reason: Please turn on SMTP Authentication in your mail client.",
	  securityerror, NULL, NULL, "I was unable to deliver your message to the following addresses: alice@example.com Reason: please turn on smtp authentication in your mail client.")
	T("messagelabs", "550", "5.0.0", NULL, "I was unable to deliver your message to the following addresses: alice@example.org Reason: 550 alice@example.org... No such user",
	  userunknown, NULL, NULL, "I was unable to deliver your message to the following addresses: alice@example.org Reason: 550 5.7.1 sender rejected, no such user")
	/* Microsoft: status (or range) and message */
	T("microsoft", "550", "5.7.509", NULL, "550 5.7.509 Access denied, sending domain example.com does not pass DMARC verification and has a DMARC policy of reject.",
	  authfailure, NULL, "5.7.510", NULL)
	T("microsoft", "451", "4.7.650", NULL, "451 4.7.650 The mail server [192.0.2.5] has been temporarily rate limited due to IP reputation. For e-mail delivery information, see https://postmaster.live.com (S775)",
	  badreputation, NULL, "4.7.651", NULL)
	T("microsoft", "550", "5.7.606", NULL, "550 5.7.606 Access denied, banned sending IP [198.51.100.222]. To request removal from this list please visit https://sender.office.com/ and follow the directions.",
	  blocked, NULL, "5.7.650", NULL)
	T("microsoft", "550", "5.6.11", NULL, "550 5.6.11 SMTPSEND.BareLinefeedsAreIllegal; message contains bare linefeeds, which cannot be sent via DATA and receiving system does not support BDAT (invalid characters)",
	  contenterror, NULL, "5.6.1", NULL)
	T("microsoft", "552", "5.3.4", NULL, "552 5.3.4 Message size exceeds fixed maximum message size",
	  emailtoolarge, NULL, "5.3.1", NULL)
	T("microsoft", "450", "4.4.7", NULL, "450 4.4.7 Message delayed",
	  expired, NULL, "4.4.6", NULL)
	T("microsoft", "550", "5.4.316", NULL, "550 5.4.316 Message expired, connection refused(Socket error code 10061)",
	  networkerror, NULL, "5.4.317", NULL)
	T("microsoft", "451", "4.4.317", NULL, "451 4.4.317 STARTTLS is required to send mail [BN8NAM11FT011.eop-nam11.prod.protection.outlook.com]",
	  failedstarttls, NULL, "4.4.318", NULL)
	T("microsoft", "550", "5.2.2", NULL, "550 5.2.2 STOREDRV.Deliver: mailbox full. The following information should help identify the cause",
	  mailboxfull, NULL, "5.2.3", NULL)
	T("microsoft", "554", "5.4.14", NULL, "554 5.4.14 Hop count exceeded - possible mail loop ATTR34 [routing loop detected]",
	  networkerror, NULL, "5.4.15", NULL)
	T("microsoft", "550", "5.7.64", NULL, "550 5.7.64 TenantAttribution; Relay Access Denied [SN1NAM02FT025.eop-nam02.prod.protection.outlook.com]",
	  norelaying, NULL, "5.7.65", NULL)
	T("microsoft", "550", "4.4.4", NULL, "550 4.4.4 The recipient's domain is a hosted tenant which has no mail-enabled subscriptions.",
	  notaccept, NULL, "5.4.4", NULL)
	T("microsoft", "550", "5.7.950", NULL, "550 5.7.950 Delivery not authorized, message refused: the organization's transport rule",
	  policyviolation, NULL, "5.7.899", NULL)
	T("microsoft", "550", "5.7.12", NULL, "550 5.7.12 RESOLVER.RST.SenderNotAuthenticatedForOrganization; Delivery restriction check failed as sender was not authenticated by organization",
	  rejected, NULL, "5.7.120", NULL)
	T("microsoft", "530", "5.7.57", NULL, "530 5.7.57 Client was not authenticated to send anonymous mail during MAIL FROM [AM0PR06CA0012.eurprd06.prod.outlook.com]",
	  securityerror, NULL, "5.7.58", NULL)
	T("microsoft", "550", "5.2.1", NULL, "550 5.2.1 Content Filter agent quarantined this message",
	  spamdetected, NULL, "5.2.0", NULL)
	T("microsoft", "550", "5.7.705", NULL, "550 5.7.705 Access denied, tenant has exceeded threshold. Ensure any compromises have been resolved.",
	  ratelimited, NULL, "5.7.750", NULL)
	T("microsoft", "550", "5.7.505", NULL, "550 5.7.505 Access denied, banned recipient",
	  suspend, NULL, "5.7.506", NULL)
	T("microsoft", "503", "5.5.2", NULL, "503 5.5.2 Send hello first [DM6NAM10FT027.namprd10.prod.outlook.com]",
	  syntaxerror, NULL, "5.5.1", NULL)
	T("microsoft", "451", "4.7.500", NULL, "451 4.7.500 Server busy. Please try again later from [192.0.2.2]. (AS761)",
	  systemerror, NULL, "4.7.501", NULL)
	T("microsoft", "452", "4.3.1", NULL, "452 4.3.1 Insufficient system resources",
	  systemfull, NULL, "4.3.2", NULL)
	T("microsoft", "550", "5.1.10", NULL, "550 5.1.10 RESOLVER.ADR.RecipientNotFound; Recipient not found by SMTP address lookup",
	  userunknown, NULL, "5.1.1", NULL)
	/* Outlook.com's postmaster codes: the code with its reply code */
	T("microsoft", "550", "5.0.0", NULL, "550 DY-002 (DM6PR11MB0042) Unfortunately, messages from 198.51.100.9 weren't sent.",
	  virusdetected, "554", NULL, NULL)
	T("microsoft", "421", "4.0.0", NULL, "421 RP-001 (BN8NAM11) Unfortunately, some messages from 198.51.100.9 weren't sent. Please try again.",
	  badreputation, "451", NULL, NULL)
	/* Mimecast: a valid reply code first */
	T("mimecast", "550", "5.7.1", NULL, "550 DMARC Sender Invalid - envelope rejected - https://community.mimecast.com/docs/DOC-1369#550",
	  authfailure, "554", NULL, NULL)
	T("mimecast", "550", "5.7.1", NULL, "550 Local CT IP Reputation - (reject) https://community.mimecast.com/docs/DOC-1369#550",
	  badreputation, "551", NULL, NULL)
	T("mimecast", "451", "4.7.1", NULL, "451 IP Temporarily Blacklisted - https://community.mimecast.com/docs/DOC-1369#451",
	  blocked, "450", NULL, NULL)
	T("mimecast", "553", "5.7.1", NULL, "553 This route requires encryption (TLS)",
	  failedstarttls, "", NULL, NULL)
	T("mimecast", "554", "5.3.4", NULL, "554 Maximum email size exceeded - https://community.mimecast.com/docs/DOC-1369#554",
	  emailtoolarge, "552", NULL, NULL)
	T("mimecast", "554", "5.4.6", NULL, "554 Mail loop detected - https://community.mimecast.com/docs/DOC-1369#554",
	  networkerror, "550", NULL, NULL)
	T("mimecast", "451", "4.7.1", NULL, "451 Open relay not allowed - https://community.mimecast.com/docs/DOC-1369#451",
	  norelaying, "550", NULL, NULL)
	T("mimecast", "451", "4.3.2", NULL, "451 Account inbounds disabled - https://community.mimecast.com/docs/DOC-1369#451",
	  notaccept, "450", NULL, NULL)
	T("mimecast", "451", "4.3.2", NULL, "451 Account outbounds disabled - https://community.mimecast.com/docs/DOC-1369#451",
	  onhold, "452", NULL, NULL)
	T("mimecast", "550", "5.7.1", NULL, "550 Rejected by header-based Anti-Spoofing policy: alice@example.org",
	  policyviolation, "553", NULL, NULL)
	T("mimecast", "550", "5.7.1", NULL, "550 Envelope blocked - User Entry - https://community.mimecast.com/docs/DOC-1369#550",
	  rejected, NULL, NULL, "550 Envelope allowed - User Entry - https://community.mimecast.com/docs/DOC-1369#550")
	T("mimecast", "535", "5.7.8", NULL, "535 Incorrect authentication data - https://community.mimecast.com/docs/DOC-1369#535",
	  securityerror, "530", NULL, NULL)
	T("mimecast", "451", "4.3.0", NULL, "451 Unable to process connection at this time - https://community.mimecast.com/docs/DOC-1369#451",
	  systemerror, "421", NULL, NULL)
	T("mimecast", "452", "4.5.3", NULL, "452 Too many recipients - https://community.mimecast.com/docs/DOC-1369#452",
	  ratelimited, "552", NULL, NULL)
	T("mimecast", "550", "5.1.1", NULL, "550 Invalid Recipient - https://community.mimecast.com/docs/DOC-1369#550",
	  userunknown, "551", NULL, NULL)
	T("mimecast", "554", "5.7.1", NULL, "554 Email rejected due to security policies - https://community.mimecast.com/docs/DOC-1369#554",
	  spamdetected, "550", NULL, NULL)
	/* NTTDOCOMO: status, messages, then status 5.0.0 with the command */
	T("nttdocomo", "550", "5.1.1", NULL, "550 Mailbox unavailable alice@docomo.example.jp",
	  userunknown, NULL, "5.1.2", NULL)
	T("nttdocomo", "554", "5.2.0", NULL, "554 5.0.0 Service unavailable",
	  filtered, NULL, "5.2.1", NULL)
	T("nttdocomo", "552", "5.0.0", NULL, "552 Too much mail data",
	  mailboxfull, NULL, NULL, "552 Too much data")
	T("nttdocomo", "552", "5.0.0", NULL, "552 Too many recipients",
	  ratelimited, NULL, NULL, "552 Too many errors")
	T("nttdocomo", "503", "5.0.0", NULL, "503 Bad sequence of commands",
	  syntaxerror, NULL, NULL, "503 Bad command")
	/* since March 2025 an unknown user is one, whatever the command */
	T("nttdocomo", "550", "5.0.0", "DATA", "550 Unknown user alice@docomo.example.jp (in reply to end of DATA command)",
	  userunknown, NULL, NULL, "550 Unknown host docomo.example.jp (in reply to end of DATA command)")
	T("nttdocomo", "550", "5.0.0", "DATA", "550 Mailbox unavailable alice@docomo.example.jp (in reply to end of DATA command)",
	  rejected, NULL, "5.0.1", NULL)
	/* Outlook: case-sensitive */
	T("outlook", "550", "5.5.0", NULL, "550 Requested action not taken: mailbox unavailable (1234567890:2222:-2147467259)",
	  userunknown, NULL, NULL, "550 requested action not taken: mailbox unavailable")
	T("outlook", "550", "5.4.4", NULL, "The mail could not be delivered to the recipient because the domain is not reachable. Please check the domain and try again",
	  hostunknown, NULL, NULL, "The mail could not be delivered to the recipient because the domain is unreachable.")
	/* Spectrum: AUP#<letters><four digits> */
	T("spectrum", "554", "5.7.1", NULL, "554 5.7.1 Your IP address has been blocked due to suspicious activity. AUP#I1000",
	  blocked, NULL, NULL, "554 5.7.1 Your IP address has been blocked due to suspicious activity. AUP#I100")
	T("spectrum", "550", "5.7.1", NULL, "550 5.7.1 This email account has limited access to send emails. AUP#O1050",
	  rejected, NULL, NULL, "550 5.7.1 This email account has limited access to send emails. aup#O1050")
	T("spectrum", "451", "4.3.0", NULL, "451 4.3.0 The email you're trying to send can't be processed. AUP#O1090",
	  systemerror, NULL, NULL, "451 4.3.0 The email you're trying to send can't be processed. AUP#O1091")
	T("spectrum", "550", "5.7.25", NULL, "550 5.7.25 The IP address you're trying to connect from has an issue with the Domain Name System. AUP#I1120",
	  requireptr, NULL, NULL, "550 5.7.25 The IP address you're trying to connect from has an issue with the Domain Name System. AUP#I1155")
	T("spectrum", "550", "5.7.1", NULL, "550 5.7.1 Your email was rejected for having too many invalid recipients. AUP#O1560",
	  policyviolation, NULL, NULL, "550 5.7.1 Your email was rejected for having too many invalid recipients. AUP#O1570")
	T("spectrum", "550", "5.7.1", NULL, "550 5.7.1 Spectrum doesn't process IPV6 addresses. AUP#I1260",
	  networkerror, NULL, NULL, "550 5.7.1 Spectrum doesn't process IPV6 addresses. AUP#I1261")
	T("spectrum", "421", "4.7.0", NULL, "421 4.7.0 Too many messages or recipients. AUP#O1350",
	  ratelimited, NULL, NULL, "421 4.7.0 Too many messages or recipients. AUP#O1510")
	T("spectrum", "552", "5.3.4", NULL, "552 5.3.4 Your email was rejected because it's larger than the maximum size of 20MB. AUP#O1530",
	  emailtoolarge, NULL, NULL, "552 5.3.4 Your email was rejected because it's larger than the maximum size of 20MB. AUP#O1531")
	/* Tencent */
	T("tencent", "550", "5.7.1", NULL, "550 Mail is rejected by recipients: SPF check failed",
	  authfailure, NULL, NULL, "550 Mail is rejected: SPF check passed")
	T("tencent", "550", "5.7.1", NULL, "550 Suspected spam ip, mail rejected. http://service.mail.qq.com/detail/122/66",
	  blocked, NULL, NULL, "550 Suspected spam, mail rejected. http://service.mail.qq.com/detail/122/71")
	T("tencent", "552", "5.3.4", NULL, "552 Message too large. http://service.mail.qq.com/detail/122/168",
	  emailtoolarge, NULL, NULL, "552 Message too long. http://service.mail.qq.com/detail/122/168")
	T("tencent", "550", "5.7.1", NULL, "550 Suspected spam, mail rejected. http://service.mail.qq.com/detail/122/71",
	  rejected, NULL, NULL, "550 Suspected, mail held. http://service.mail.qq.com/detail/122/71")
	T("tencent", "550", "5.7.1", NULL, "550 Mail content denied. http://service.mail.qq.com/detail/122/171",
	  spamdetected, NULL, NULL, "550 Mail content checked. http://service.mail.qq.com/detail/122/171")
	T("tencent", "550", "5.0.0", NULL, "550 Ip frequency limited [V2VkIEFwciAgMyAxNjozNjo1OSBKU1QgMjAxOQo= Blocked IP 192.0.2.22]. http://service.mail.qq.com/cgi-bin/help?subtype=1&&id=20022&&no=1000722",
	  ratelimited, NULL, NULL, "550 Ip frequency checked. http://service.mail.qq.com/cgi-bin/help?subtype=1&&id=20022&&no=1000722")
	T("tencent", "550", "5.2.1", NULL, "550 alice@qq.example.com is a deactivated mailbox http://service.mail.qq.com/cgi-bin/help?subtype=1&&id=20022&&no=1000742",
	  suspend, NULL, NULL, "550 alice@qq.example.com is an active mailbox")
	T("tencent", "501", "5.1.3", NULL, "501 Bad address syntax. http://service.mail.qq.com/detail/122/167",
	  syntaxerror, NULL, NULL, "501 Bad syntax. http://service.mail.qq.com/detail/122/167")
	T("tencent", "550", "5.1.1", NULL, "550 Mailbox not found. http://service.mail.qq.com/detail/122/169",
	  userunknown, NULL, NULL, "550 Mailbox not available. http://service.mail.qq.com/detail/122/169")
	/* YahooInc */
	T("yahooinc", "550", "5.7.9", NULL, "550 5.7.9 This mail has been blocked because the sender is unauthenticated. Yahoo requires all senders to authenticate with either SPF or DKIM.",
	  authfailure, NULL, NULL, "550 5.7.9 This mail has been blocked because the sender is unauthenticated. Yahoo requires all senders to authenticate with SPF.")
	T("yahooinc", "553", "5.7.1", NULL, "553 5.7.1 [BL21] Connections will not be accepted from 192.0.2.25, because the ip is in Spamhaus's list; see http://postmaster.yahoo.com/550-bl23.html",
	  blocked, NULL, NULL, "553 5.7.1 [BL21] Connections will not be accepted from 192.0.2.25, because the ip is listed; see http://postmaster.yahoo.com/550-bl23.html")
	T("yahooinc", "550", "5.7.1", NULL, "550 relaying denied for <alice@yahoo.example.com>",
	  norelaying, NULL, NULL, "550 relaying denied<alice@yahoo.example.com>")
	T("yahooinc", "554", "5.6.0", NULL, "554 5.6.0 Message not accepted: headers are not RFC compliant",
	  notcompliantrfc, NULL, NULL, "554 5.6.0 Message not accepted: headers are not compliant")
	T("yahooinc", "554", "5.7.9", NULL, "554 5.7.9 Message not accepted for policy reasons. See https://postmaster.yahooinc.com/error-codes",
	  policyviolation, NULL, NULL, "554 5.7.9 Message not accepted. See https://postmaster.yahooinc.com/error-codes")
	T("yahooinc", "421", "4.7.0", NULL, "421 4.7.0 [TSS04] Messages from 192.0.2.192 temporarily deferred due to unexpected volume or user complaints - 4.16.55.1; see https://postmaster.yahooinc.com/error-codes",
	  rejected, NULL, NULL, "421 4.7.0 [TSS04] Messages from 192.0.2.192 temporarily deferred - 4.16.55.1; see https://postmaster.yahooinc.com/error-codes")
	T("yahooinc", "450", "4.2.1", NULL, "450 User is receiving mail too quickly",
	  ratelimited, NULL, NULL, "450 User is receiving mail")
	T("yahooinc", "554", "5.2.1", NULL, "554 delivery error: dd alice@yahoo.example.com is no longer valid. [-20] - mta1061.mail.ne1.yahoo.com",
	  suspend, NULL, NULL, "554 delivery error: dd alice@yahoo.example.com is not valid now - mta1061.mail.ne1.yahoo.com")
	T("yahooinc", "501", "5.5.4", NULL, "501 Syntax error in parameters or arguments",
	  syntaxerror, NULL, NULL, "501 Syntax error")
	T("yahooinc", "554", "5.0.0", NULL, "554 delivery error: dd This user doesn't have a yahoo.com account (alice@yahoo.example.com) [0] - mta1061.mail.ne1.yahoo.com",
	  userunknown, NULL, NULL, "554 delivery error: dd This user has a yahoo.com account (alice@yahoo.example.com) [0]")
	/* Zoho: case-sensitive */
	T("zoho", "550", "5.7.1", NULL, "550 5.7.1 Email rejected per DMARC policy for example.com",
	  authfailure, NULL, NULL, "550 5.7.1 Email rejected per dmarc policy for example.com")
	T("zoho", "451", "4.7.1", NULL, "451 4.7.1 Greylisted, try again after some time",
	  blocked, NULL, NULL, "451 4.7.1 greylisted, try again after some time")
	T("zoho", "541", "5.4.1", NULL, "541 5.4.1 Mail rejected by destination domain",
	  rejected, NULL, NULL, "541 5.4.1 Mail rejected by destination")
	T("zoho", "554", "5.7.7", NULL, "554 5.7.7 Email policy violation detected",
	  policyviolation, NULL, NULL, "554 5.7.7 Email policy violation suspected")
	T("zoho", "452", "4.3.1", NULL, "452 4.3.1 Temporary System Error",
	  systemerror, NULL, NULL, "452 4.3.1 Temporary system error")
	T("zoho", "550", "5.1.1", NULL, "550 5.1.1 User does not exist - <alice@zoho.example.com>",
	  userunknown, NULL, NULL, "550 5.1.1 user does not exist - <alice@zoho.example.com>")
	T("zoho", "552", "5.7.1", NULL, "552 5.7.1 virus Eicar-Test-Signature detected by Zoho Mail",
	  virusdetected, NULL, NULL, "552 5.7.1 virus Eicar-Test-Signature detected by the scanner")
};

static int run(const char *provider, const char *reply, const char *status, const char *command, const char *diag,
               struct bnc_hit *hit)
{
	char *low = bnc_ascii_lower(diag);
	struct bnc_rhost_query q = {NULL, NULL, NULL, reply, status, command, diag, low};
	int r = bnc_rhost_apply(provider, &q, hit);
	g_free(low);
	return r;
}

static void test_rows_and_near_misses(void **state)
{
	(void)state;
	for (size_t i = 0; i < G_N_ELEMENTS(rows); i++) {
		const struct row *w = &rows[i];
		struct bnc_hit hit = {0};
		int r = run(w->provider, w->reply, w->status, w->command, w->diag, &hit);
		if (r != w->reason)
			fail_msg("row %zu (%s): want %s, got %s for \"%s\"", i, w->provider, bnc_reason_name(w->reason),
			         r < 0 ? "nothing" : bnc_reason_name(r), w->diag);
		assert_ptr_equal(hit.table, bnc_rhost_table(w->provider));
		assert_int_equal(hit.table->entries[hit.index].reason, w->reason);
		assert_true(hit.offset + hit.length <= strlen(w->diag));
		assert_true(w->mreply || w->mstatus || w->mdiag);
		struct bnc_hit miss = {0};
		r = run(w->provider, w->mreply ? w->mreply : w->reply, w->mstatus ? w->mstatus : w->status, w->command,
		        w->mdiag ? w->mdiag : w->diag, &miss);
		if (r == w->reason)
			fail_msg("row %zu (%s): the near miss still gives %s", i, w->provider, bnc_reason_name(r));
	}
}

static const char *const names[] = {"aol", "apple", "cloudflare", "cox", "facebook", "franceptt", "godaddy",
                                    "google", "gsuite", "iua", "kddi", "messagelabs", "microsoft", "mimecast",
                                    "nttdocomo", "outlook", "spectrum", "tencent", "yahooinc", "zoho"};

/* an entry no text can match: a lower-case-text entry with a capital in a
 * fragment, or a reply code with a letter (kept as Sisimai has them) */
static int unmatchable(const struct bnc_entry *e)
{
	if (e->code)
		for (const char *c = e->code; *c; c++)
			if (!(*c >= '0' && *c <= '9') && *c != '-')
				return 1;
	if (e->on != BNC_ON_TEXT)
		return 0;
	for (int k = 0; k < BNC_ENTRY_FRAGS && e->frag[k]; k++)
		for (const char *c = e->frag[k]; *c; c++)
			if (*c >= 'A' && *c <= 'Z')
				return 1;
	return 0;
}

static void test_every_group_has_a_row(void **state)
{
	(void)state;
	for (size_t n = 0; n < G_N_ELEMENTS(names); n++) {
		const struct bnc_table *t = bnc_rhost_table(names[n]);
		assert_non_null(t);
		assert_string_equal(t->name, names[n]);
		for (size_t i = 0; i < t->count; i++) {
			const struct bnc_entry *e = &t->entries[i];
			if (e->reason < 0 || unmatchable(e))
				continue;
			int covered = 0;
			for (size_t k = 0; k < G_N_ELEMENTS(rows) && !covered; k++)
				covered = !strcmp(rows[k].provider, names[n]) && rows[k].reason == e->reason;
			if (!covered)
				fail_msg("%s: no row for the %s group (%s:%d)", names[n], bnc_reason_name(e->reason), e->file,
				         e->line);
		}
	}
}

static void test_invariants(void **state)
{
	(void)state;
	int unmatchable_count = 0;
	for (size_t n = 0; n < G_N_ELEMENTS(names); n++) {
		const struct bnc_table *t = bnc_rhost_table(names[n]);
		assert_non_null(bnc_rhost_title(names[n]));
		assert_true(t->count > 0);
		for (size_t i = 0; i < t->count; i++) {
			const struct bnc_entry *e = &t->entries[i];
			assert_true(e->reason >= -1 && e->reason < BNC_R__COUNT);
			assert_non_null(e->file);
			assert_true(e->line > 0);
			assert_true(e->on == BNC_ON_TEXT || e->on == BNC_ON_CASE || e->on == BNC_ON_LABEL);
			if (e->on == BNC_ON_LABEL)
				assert_non_null(e->frag[0]);
			else
				assert_true(e->frag[0] || e->code || e->status);
			unmatchable_count += unmatchable(e);
		}
	}
	/* Mimecast's "550Z" and "Journal messages ...", Microsoft's two "tlsa-invalid: The ..." */
	assert_int_equal(unmatchable_count, 4);
}

static void test_provider_choice(void **state)
{
	(void)state;
	assert_string_equal(bnc_rhost_name("gmail-smtp-in.l.google.com", "", "example.com"), "google");
	assert_string_equal(bnc_rhost_name("mail-qk0-x247.google.com", "googlemail.com", "example.com"), "gsuite");
	assert_string_equal(bnc_rhost_name("", "", "ezweb.ne.jp"), "kddi");
	assert_string_equal(bnc_rhost_name("mx.example.com", "", "charter.net"), "spectrum");
	assert_string_equal(bnc_rhost_name("mx3.qq.com", "", "example.cn"), "tencent");
	assert_string_equal(bnc_rhost_name("mta6.am0.yahoodns.net", "", "example.com"), "yahooinc");
	assert_string_equal(bnc_rhost_name("smtp.secureserver.net", "", "example.com"), "godaddy");
	assert_string_equal(bnc_rhost_name("example-com.mail.protection.outlook.com", "", "example.com"), "microsoft");
	assert_string_equal(bnc_rhost_title("franceptt"), "FrancePTT");
	/* not in Sisimai 5.2.0, chosen since (BNC_SISIMAI_RHOST) */
	assert_string_equal(bnc_rhost_name("route3.mx.cloudflare.net", "", "example.com"), "cloudflare");
	assert_string_equal(bnc_rhost_name("smtpin.zoho.com", "", "example.com"), "zoho");
	assert_string_equal(bnc_rhost_title("zoho"), "Zoho");
	assert_null(bnc_rhost_table("nonesuch"));

	/* the query: the local host is the third way to a provider */
	const char *d = "** Address not found ** Your message wasn't delivered to alice@example.it because the address "
	                "couldn't be found. Check for typos or unnecessary spaces and try again.";
	char *low = bnc_ascii_lower(d);
	struct bnc_rhost_query q = {"mx.example.de", "googlemail.com", "example.it", "", "5.0.0", NULL, d, low};
	const char *prov = NULL;
	struct bnc_hit hit = {0};
	assert_int_equal(bnc_rhost_query_find(&q, &hit, &prov), BNC_R_userunknown);
	assert_string_equal(prov, "gsuite");
	q.lhost = NULL;
	assert_int_equal(bnc_rhost_query_find(&q, &hit, &prov), -1);
	assert_null(prov);
	g_free(low);
}

static void test_without_the_text_as_received(void **state)
{
	(void)state;
	struct bnc_hit hit = {0};
	const char *prov = NULL;
	/* case-sensitive entries and labels fall back to case-insensitive */
	assert_int_equal(bnc_rhost_find("cluster1.eu.messagelabs.com", "example.org", "550", "5.0.0",
	                                "reason: 550 alice@example.org... no such user", &hit, &prov),
	                 BNC_R_userunknown);
	assert_string_equal(prov, "messagelabs");
	assert_int_equal(bnc_rhost_find("mx.example.net", "cox.net", "550", "5.1.0",
	                                "550 5.1.0 <a@example.com> sender rejected. aup#cdrbl", &hit, &prov),
	                 BNC_R_blocked);
	assert_int_equal(hit.length, strlen("cdrbl"));
	/* no command: the command entries do not match */
	assert_int_equal(bnc_rhost_find("mfsmax.docomo.ne.jp", "docomo.example.jp", "550", "5.0.0",
	                                "550 mailbox unavailable alice@docomo.example.jp", &hit, &prov), -1);
	assert_string_equal(prov, "nttdocomo");
}

static void test_mechanics(void **state)
{
	(void)state;
	struct bnc_hit hit = {0};
	/* Google: class digits are not compared ... */
	const char *d = "521 5.7.0 This message is suspicious due to the very low reputation of the sending IP address.";
	assert_int_equal(run("google", "521", "5.7.0", NULL, d, &hit), BNC_R_badreputation);
	/* ... and a tail that first occurs at the start does not match ("555") */
	assert_int_equal(run("google", "555", "5.5.2", NULL, "555 5.5.2 Syntax error. For more information", &hit), -1);
	assert_int_equal(run("google", "501", "5.5.2", NULL, "501 5.5.2 Syntax error. For more information", &hit),
	                 BNC_R_syntaxerror);
	/* preconditions */
	assert_int_equal(run("google", "", "5.7.0", NULL, d, &hit), -1);
	assert_int_equal(run("google", "521", "", NULL, d, &hit), -1);
	assert_int_equal(run("microsoft", "550", "", NULL, "550 5.1.10 Recipient not found by SMTP address lookup", &hit), -1);
	assert_int_equal(run("facebook", "550", "5.1.1", NULL, "550 5.1.1 RCPP2 recipient preferences", &hit), -1);
	assert_int_equal(run("aol", "550", "5.1.1", NULL, "", &hit), -1);
	/* Microsoft's ranges: both ends are in */
	const char *banned = "550 5.7.606 Access denied, banned sending IP [192.0.2.1].";
	assert_int_equal(run("microsoft", "550", "5.7.606", NULL, banned, &hit), BNC_R_blocked);
	assert_int_equal(run("microsoft", "550", "5.7.649", NULL, banned, &hit), BNC_R_blocked);
	assert_int_equal(run("microsoft", "550", "5.7.605", NULL, banned, &hit), -1);
	/* a stop entry: FrancePTT's code without a reason ends its rules */
	const char *spf = "421 smtp.orange.fr Emetteur invalide, Veuillez verifier la configuration SPF/DNS de votre nom "
	                  "de domaine. Service refused, please try later. LPN006_107";
	assert_int_equal(run("franceptt", "421", "4.0.0", NULL, spf, &hit), -1);
	const char *spf2 = "421 smtp.orange.fr Emetteur invalide, Veuillez verifier la configuration SPF/DNS de votre nom "
	                   "de domaine.";
	assert_int_equal(run("franceptt", "421", "4.0.0", NULL, spf2, &hit), BNC_R_authfailure);
	/* GSuite: NXDOMAIN with a class-5 status but a class-4 reply: nothing */
	const char *nx = "DNS type 'mx' lookup of example.net responded with code NXDOMAIN Domain name not found";
	assert_int_equal(run("gsuite", "450", "5.1.2", NULL, nx, &hit), -1);
	/* NTTDOCOMO: the command after status 5.0.0 */
	const char *unk = "550 Mailbox unavailable alice@docomo.example.jp";
	assert_int_equal(run("nttdocomo", "550", "5.0.0", "RCPT", unk, &hit), BNC_R_userunknown);
	assert_int_equal(run("nttdocomo", "550", "5.0.0", "DATA", unk, &hit), BNC_R_rejected);
	assert_int_equal(run("nttdocomo", "550", "5.0.0", "MAIL", unk, &hit), -1);
	/* GoDaddy: a label found, the messages are not tried */
	assert_int_equal(run("godaddy", "550", "5.1.1", NULL, "550 Recipient not found IB999", &hit), -1);
	assert_int_equal(run("godaddy", "550", "5.1.1", NULL, "550 Recipient not found", &hit), BNC_R_userunknown);
	/* Spectrum: a longer run of digits gives its first four */
	assert_int_equal(run("spectrum", "550", "5.7.1", NULL, "550 5.7.1 blocked AUP#I10005", &hit), BNC_R_blocked);
	assert_int_equal(hit.length, 4);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_rows_and_near_misses),
		cmocka_unit_test(test_every_group_has_a_row),
		cmocka_unit_test(test_invariants),
		cmocka_unit_test(test_provider_choice),
		cmocka_unit_test(test_without_the_text_as_received),
		cmocka_unit_test(test_mechanics),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
