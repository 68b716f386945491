#include "tact/messages.h"

#include <string.h>

static const char *const lang_codes[TACT_LANG_COUNT] = {"en", "fr", "de", "es", "pt"};

/* One message in each language, in the order of enum tact_lang. */
struct message {
	const char *text[TACT_LANG_COUNT];
};

static const struct message messages[TACT_MSG_COUNT] = {
	[TACT_MSG_BADGE_ACCEPT] = {{"Accept", "Accepter", "Annehmen", "Aceptar", "Aceitar"}},
	[TACT_MSG_BADGE_REVIEW] = {{"Review", "À examiner", "Prüfen", "Revisar", "Revisar"}},
	[TACT_MSG_BADGE_IGNORE] = {{"Ignore", "Ignorer", "Ignorieren", "Ignorar", "Ignorar"}},
	[TACT_MSG_BADGE_SUSPICIOUS] = {{"Suspicious", "Suspect", "Verdächtig", "Sospechoso",
					"Suspeito"}},
	[TACT_MSG_BADGE_CAUTION] = {{"Be careful", "Prudence", "Vorsicht", "Cuidado", "Cuidado"}},
	[TACT_MSG_BADGE_COLLEAGUE] = {{"Colleague", "Collègue", "Kollegin/Kollege", "Colega",
				       "Colega"}},
	[TACT_MSG_BADGE_CLASSMATE] = {{"Same school", "Même école", "Gleiche Hochschule",
				       "Mismo centro de estudios", "Mesma escola"}},
	[TACT_MSG_BADGE_PERSONAL_NOTE] = {{"Personal note", "Message personnel",
					   "Persönliche Nachricht", "Nota personal",
					   "Nota pessoal"}},
	[TACT_MSG_BADGE_MUTUALS] = {{"{1} mutual", "{1} en commun", "{1} gemeinsame",
				     "{1} en común", "{1} em comum"}},
	[TACT_MSG_BADGE_SALES] = {{"Sales pitch", "Démarchage", "Verkaufsangebot",
				   "Oferta comercial", "Oferta comercial"}},
	[TACT_MSG_BADGE_RECRUITER] = {{"Recruiter", "Recruteur", "Recruiting", "Reclutador",
				       "Recrutador"}},
	[TACT_MSG_BADGE_PAGE] = {{"Page", "Page", "Seite", "Página", "Página"}},
	[TACT_MSG_BADGE_EVENT] = {{"Event", "Événement", "Veranstaltung", "Evento", "Evento"}},
	[TACT_MSG_BADGE_NEWSLETTER] = {{"Newsletter", "Newsletter", "Newsletter", "Boletín",
					"Newsletter"}},
	[TACT_MSG_BADGE_GROUP] = {{"Group", "Groupe", "Gruppe", "Grupo", "Grupo"}},
	[TACT_MSG_BADGE_OUTSIDE_FIELD] = {{"Outside your field", "Hors de votre domaine",
					   "Außerhalb Ihres Fachs", "Fuera de tu sector",
					   "Fora da sua área"}},
	[TACT_MSG_BADGE_REPEAT] = {{"Invited again", "Invitation répétée", "Erneut eingeladen",
				    "Invitación repetida", "Convite repetido"}},
	[TACT_MSG_BADGE_COMPANY_BURST] = {{"Many from one company",
					   "Beaucoup d'une même entreprise",
					   "Viele aus einer Firma", "Muchas de una misma empresa",
					   "Muitos da mesma empresa"}},
	[TACT_MSG_BADGE_EXPIRING] = {{"Expires soon", "Expire bientôt", "Läuft bald ab",
				      "Caduca pronto", "Expira em breve"}},

	[TACT_MSG_NOT_PERSON_PAGE] = {{"A company page, not a person",
				       "Une page d'entreprise, pas une personne",
				       "Eine Unternehmensseite, keine Person",
				       "Una página de empresa, no una persona",
				       "Uma página de empresa, não uma pessoa"}},
	[TACT_MSG_NOT_PERSON_EVENT] = {{"An event, not a person",
					"Un événement, pas une personne",
					"Eine Veranstaltung, keine Person",
					"Un evento, no una persona", "Um evento, não uma pessoa"}},
	[TACT_MSG_NOT_PERSON_NEWSLETTER] = {{"A newsletter, not a person",
					     "Une newsletter, pas une personne",
					     "Ein Newsletter, keine Person",
					     "Un boletín, no una persona",
					     "Uma newsletter, não uma pessoa"}},
	[TACT_MSG_NOT_PERSON_GROUP] = {{"A group, not a person", "Un groupe, pas une personne",
					"Eine Gruppe, keine Person", "Un grupo, no una persona",
					"Um grupo, não uma pessoa"}},
	[TACT_MSG_LEARNED_WORDS_ACCEPTED] = {{
		"You accepted {1} similar invitations (words like {2})",
		"Vous avez accepté {1} invitations semblables (des mots comme {2})",
		"Sie haben {1} ähnliche Einladungen angenommen (Wörter wie {2})",
		"Aceptaste {1} invitaciones parecidas (palabras como {2})",
		"Você aceitou {1} convites parecidos (palavras como {2})"}},
	[TACT_MSG_LEARNED_WORDS_IGNORED] = {{
		"You ignored {1} similar invitations (words like {2})",
		"Vous avez ignoré {1} invitations semblables (des mots comme {2})",
		"Sie haben {1} ähnliche Einladungen ignoriert (Wörter wie {2})",
		"Ignoraste {1} invitaciones parecidas (palabras como {2})",
		"Você ignorou {1} convites parecidos (palavras como {2})"}},
	[TACT_MSG_LEARNED_WORDS_ACCEPTED_ONE] = {{
		"You accepted a similar invitation (words like {2})",
		"Vous avez accepté une invitation semblable (des mots comme {2})",
		"Sie haben eine ähnliche Einladung angenommen (Wörter wie {2})",
		"Aceptaste una invitación parecida (palabras como {2})",
		"Você aceitou um convite parecido (palavras como {2})"}},
	[TACT_MSG_LEARNED_WORDS_IGNORED_ONE] = {{
		"You ignored a similar invitation (words like {2})",
		"Vous avez ignoré une invitation semblable (des mots comme {2})",
		"Sie haben eine ähnliche Einladung ignoriert (Wörter wie {2})",
		"Ignoraste una invitación parecida (palabras como {2})",
		"Você ignorou um convite parecido (palavras como {2})"}},
	[TACT_MSG_LEARNED_RULE_ACCEPTED] = {{
		"You accepted {1} {2} times before",
		"Vous avez déjà accepté {2} fois : {1}",
		"Sie haben schon {2}-mal angenommen: {1}",
		"Ya aceptaste {2} veces: {1}",
		"Você já aceitou {2} vezes: {1}"}},
	[TACT_MSG_LEARNED_RULE_IGNORED] = {{
		"You ignored {1} {2} times before",
		"Vous avez déjà ignoré {2} fois : {1}",
		"Sie haben schon {2}-mal ignoriert: {1}",
		"Ya ignoraste {2} veces: {1}",
		"Você já ignorou {2} vezes: {1}"}},
	[TACT_MSG_LEARNED_RULE_ACCEPTED_ONE] = {{
		"You accepted {1} once before",
		"Vous avez déjà accepté une fois : {1}",
		"Sie haben schon einmal angenommen: {1}",
		"Ya aceptaste una vez: {1}",
		"Você já aceitou uma vez: {1}"}},
	[TACT_MSG_LEARNED_RULE_IGNORED_ONE] = {{
		"You ignored {1} once before",
		"Vous avez déjà ignoré une fois : {1}",
		"Sie haben schon einmal ignoriert: {1}",
		"Ya ignoraste una vez: {1}",
		"Você já ignorou uma vez: {1}"}},
	[TACT_MSG_LEARNED_ALL_ACCEPTED] = {{
		"You accepted {1} of the {2} invitations you decided on",
		"Vous avez accepté {1} des {2} invitations traitées",
		"Sie haben {1} von {2} entschiedenen Einladungen angenommen",
		"Aceptaste {1} de las {2} invitaciones que decidiste",
		"Você aceitou {1} dos {2} convites que decidiu"}},
	[TACT_MSG_LEARNED_ALL_IGNORED] = {{
		"You ignored {1} of the {2} invitations you decided on",
		"Vous avez ignoré {1} des {2} invitations traitées",
		"Sie haben {1} von {2} entschiedenen Einladungen ignoriert",
		"Ignoraste {1} de las {2} invitaciones que decidiste",
		"Você ignorou {1} dos {2} convites que decidiu"}},
	[TACT_MSG_LEARNED_SCAM] = {{
		"Shares words with invitations you reported as scams (like {1})",
		"Reprend des mots d'invitations que vous avez signalées comme arnaques (comme {1})",
		"Enthält Wörter aus Einladungen, die Sie als Betrug gemeldet haben (etwa {1})",
		"Comparte palabras con invitaciones que marcaste como estafa (como {1})",
		"Tem palavras de convites que você marcou como golpe (como {1})"}},
	[TACT_MSG_NOT_SUSPICIOUS] = {{
		"Some signs of a scam, but not marked suspicious because {1}",
		"Quelques signes d'arnaque, mais pas marqué suspect car {1}",
		"Einige Anzeichen von Betrug, aber nicht als verdächtig markiert, weil {1}",
		"Algunos indicios de estafa, pero no se marca como sospechoso porque {1}",
		"Alguns sinais de golpe, mas não marcado como suspeito porque {1}"}},
	[TACT_MSG_BECAUSE_EMPLOYER] = {{"you share an employer", "vous avez un employeur en commun",
					"Sie einen gemeinsamen Arbeitgeber haben",
					"compartís empresa", "vocês têm um empregador em comum"}},
	[TACT_MSG_BECAUSE_SCHOOL] = {{"you went to the same school",
				      "vous avez fréquenté la même école",
				      "Sie an derselben Hochschule waren",
				      "estudiasteis en el mismo centro",
				      "vocês estudaram na mesma escola"}},
	[TACT_MSG_BECAUSE_KNOWN] = {{"you know this person", "vous connaissez cette personne",
				     "Sie diese Person kennen", "conoces a esta persona",
				     "você conhece esta pessoa"}},
	[TACT_MSG_BECAUSE_MUTUALS] = {{"you share many connections",
				       "vous avez beaucoup de relations en commun",
				       "Sie viele gemeinsame Kontakte haben",
				       "tenéis muchos contactos en común",
				       "vocês têm muitas conexões em comum"}},
	[TACT_MSG_CLEARED_BY_YOU] = {{"You said this sender is not a scam",
				      "Vous avez indiqué que ce n'est pas une arnaque",
				      "Sie haben angegeben, dass dies kein Betrug ist",
				      "Indicaste que no es una estafa",
				      "Você indicou que não é um golpe"}},

	[TACT_MSG_ADVICE_ASKED] = {{"The reply you asked for.", "La réponse demandée.",
				    "Die gewünschte Antwort.", "La respuesta que pediste.",
				    "A resposta que você pediu."}},
	[TACT_MSG_ADVICE_SCAM] = {{
		"No reply: do not engage. You can ignore it, or report it on LinkedIn.",
		"Pas de réponse : n'entrez pas en contact. Ignorez-la, ou signalez-la sur LinkedIn.",
		"Keine Antwort: nicht darauf eingehen. Ignorieren oder auf LinkedIn melden.",
		"Sin respuesta: no entres en contacto. Puedes ignorarla o denunciarla en LinkedIn.",
		"Sem resposta: não interaja. Você pode ignorar ou denunciar no LinkedIn."}},
	[TACT_MSG_ADVICE_REPEAT] = {{
		"They invited you again after you ignored them: a short, polite close is kinder "
		"than silence.",
		"Nouvelle invitation après un refus : un mot bref et poli vaut mieux que le silence.",
		"Erneute Einladung nach dem Ignorieren: ein kurzes, höfliches Nein ist freundlicher "
		"als Schweigen.",
		"Te invitó otra vez después de ignorarla: cerrar con un mensaje breve y amable es "
		"mejor que el silencio.",
		"Convidou de novo depois de ser ignorado: um fechamento curto e educado é melhor "
		"que o silêncio."}},
	[TACT_MSG_ADVICE_NOT_PERSON] = {{
		"No reply needed: this is not a person.",
		"Pas de réponse nécessaire : ce n'est pas une personne.",
		"Keine Antwort nötig: das ist keine Person.",
		"No hace falta responder: no es una persona.",
		"Não precisa responder: não é uma pessoa."}},
	[TACT_MSG_ADVICE_AFTER_ACCEPT] = {{
		"A short message after accepting keeps the connection warm.",
		"Un court message après avoir accepté entretient le lien.",
		"Eine kurze Nachricht nach dem Annehmen hält den Kontakt lebendig.",
		"Un mensaje breve después de aceptar mantiene vivo el contacto.",
		"Uma mensagem curta depois de aceitar mantém o contato próximo."}},
	[TACT_MSG_ADVICE_ACCEPT_ENOUGH] = {{
		"No reply needed: accepting is enough.",
		"Pas de réponse nécessaire : accepter suffit.",
		"Keine Antwort nötig: Annehmen genügt.",
		"No hace falta responder: basta con aceptar.",
		"Não precisa responder: aceitar basta."}},
	[TACT_MSG_ADVICE_SALES] = {{
		"No reply needed: this is a sales pitch; ignoring it is fine.",
		"Pas de réponse nécessaire : c'est du démarchage, l'ignorer est très bien.",
		"Keine Antwort nötig: ein Verkaufsangebot, Ignorieren ist völlig in Ordnung.",
		"No hace falta responder: es una oferta comercial; ignorarla está bien.",
		"Não precisa responder: é uma oferta comercial; ignorar está ótimo."}},
	[TACT_MSG_ADVICE_PERSONAL] = {{
		"They wrote to you personally, so a kind word is owed.",
		"Cette personne vous a écrit personnellement : un mot aimable s'impose.",
		"Die Person hat Ihnen persönlich geschrieben: ein freundliches Wort gehört sich.",
		"Te escribió personalmente, así que merece unas palabras amables.",
		"A pessoa escreveu para você pessoalmente, então vale uma palavra gentil."}},
	[TACT_MSG_ADVICE_HISTORY] = {{
		"You share history or many connections: a kind word keeps the door open.",
		"Vous avez un passé ou beaucoup de relations en commun : un mot aimable garde la "
		"porte ouverte.",
		"Sie haben Gemeinsames oder viele gemeinsame Kontakte: ein freundliches Wort hält "
		"die Tür offen.",
		"Compartís historia o muchos contactos: unas palabras amables dejan la puerta "
		"abierta.",
		"Vocês têm história ou muitas conexões em comum: uma palavra gentil deixa a porta "
		"aberta."}},
	[TACT_MSG_ADVICE_MASS] = {{
		"No reply needed: a mass invitation without a personal note.",
		"Pas de réponse nécessaire : une invitation de masse, sans message personnel.",
		"Keine Antwort nötig: eine Masseneinladung ohne persönliche Nachricht.",
		"No hace falta responder: una invitación masiva sin nota personal.",
		"Não precisa responder: um convite em massa, sem nota pessoal."}},
};

/* Each rule's reason; {1} is its evidence. */
static const struct message rule_reasons[TACT_RULE_COUNT] = {
	[TACT_RULE_SHARED_EMPLOYER_CURRENT] = {{
		"Works at your company, {1}", "Travaille dans votre entreprise, {1}",
		"Arbeitet in Ihrer Firma, {1}", "Trabaja en tu empresa, {1}",
		"Trabalha na sua empresa, {1}"}},
	[TACT_RULE_SHARED_EMPLOYER_PAST] = {{
		"Connected to {1}, where you worked", "Lié à {1}, où vous avez travaillé",
		"Verbunden mit {1}, wo Sie gearbeitet haben", "Vinculado a {1}, donde trabajaste",
		"Ligado a {1}, onde você trabalhou"}},
	[TACT_RULE_SHARED_SCHOOL] = {{
		"Went to your school, {1}", "A fréquenté votre école, {1}",
		"War an Ihrer Hochschule, {1}", "Estudió en tu centro, {1}",
		"Estudou na sua escola, {1}"}},
	[TACT_RULE_WORKED_TOGETHER] = {{
		"Says you worked or studied together: \"{1}\"",
		"Dit que vous avez travaillé ou étudié ensemble : « {1} »",
		"Schreibt, dass Sie zusammen gearbeitet oder studiert haben: „{1}“",
		"Dice que trabajasteis o estudiasteis juntos: «{1}»",
		"Diz que vocês trabalharam ou estudaram juntos: \"{1}\""}},
	[TACT_RULE_SHARED_CONTEXT] = {{
		"Names a place or moment you shared: \"{1}\"",
		"Cite un lieu ou un moment partagé : « {1} »",
		"Nennt einen gemeinsamen Ort oder Moment: „{1}“",
		"Menciona un lugar o momento compartido: «{1}»",
		"Cita um lugar ou momento em comum: \"{1}\""}},
	[TACT_RULE_KNOWN_CONTACT] = {{
		"You keep a private note about this person",
		"Vous avez une note privée sur cette personne",
		"Sie haben eine private Notiz zu dieser Person",
		"Tienes una nota privada sobre esta persona",
		"Você tem uma nota privada sobre esta pessoa"}},
	[TACT_RULE_PREVIOUSLY_CONNECTED] = {{
		"You accepted or wrote to this person before",
		"Vous avez déjà accepté ou écrit cette personne",
		"Sie haben diese Person schon angenommen oder ihr geschrieben",
		"Ya aceptaste o escribiste a esta persona",
		"Você já aceitou ou escreveu para esta pessoa"}},
	[TACT_RULE_MUTUALS_NONE] = {{
		"No mutual connections", "Aucune relation en commun", "Keine gemeinsamen Kontakte",
		"Ningún contacto en común", "Nenhuma conexão em comum"}},
	[TACT_RULE_MUTUALS_ONE] = {{
		"Only one mutual connection", "Une seule relation en commun",
		"Nur ein gemeinsamer Kontakt", "Solo un contacto en común",
		"Só uma conexão em comum"}},
	[TACT_RULE_MUTUALS_FEW] = {{
		"{1} mutual connections", "{1} relations en commun", "{1} gemeinsame Kontakte",
		"{1} contactos en común", "{1} conexões em comum"}},
	[TACT_RULE_MUTUALS_SOME] = {{
		"{1} mutual connections", "{1} relations en commun", "{1} gemeinsame Kontakte",
		"{1} contactos en común", "{1} conexões em comum"}},
	[TACT_RULE_MUTUALS_MANY] = {{
		"{1} mutual connections", "{1} relations en commun", "{1} gemeinsame Kontakte",
		"{1} contactos en común", "{1} conexões em comum"}},
	[TACT_RULE_FIELD_MATCH] = {{
		"Works in your field: {1}", "Travaille dans votre domaine : {1}",
		"Arbeitet in Ihrem Fach: {1}", "Trabaja en tu sector: {1}",
		"Trabalha na sua área: {1}"}},
	[TACT_RULE_FIELD_STRONG] = {{
		"Works close to what you do: {1}", "Travaille sur des sujets proches des vôtres : {1}",
		"Arbeitet nah an Ihrem Thema: {1}", "Trabaja en algo muy cercano a lo tuyo: {1}",
		"Trabalha com algo bem próximo do que você faz: {1}"}},
	[TACT_RULE_OUTSIDE_FIELD] = {{
		"Nothing in common with your field or network",
		"Rien en commun avec votre domaine ou votre réseau",
		"Nichts gemeinsam mit Ihrem Fach oder Netzwerk",
		"Nada en común con tu sector ni tu red",
		"Nada em comum com a sua área ou rede"}},
	[TACT_RULE_SAME_CITY] = {{
		"Mentions your city: \"{1}\"", "Mentionne votre ville : « {1} »",
		"Nennt Ihre Stadt: „{1}“", "Menciona tu ciudad: «{1}»",
		"Menciona a sua cidade: \"{1}\""}},
	[TACT_RULE_RECRUITER] = {{
		"A recruiter: worth a look before accepting",
		"Un recruteur : à regarder avant d'accepter",
		"Recruiting: vor dem Annehmen kurz ansehen",
		"Un reclutador: conviene mirarlo antes de aceptar",
		"Um recrutador: vale olhar antes de aceitar"}},
	[TACT_RULE_STUDENT] = {{
		"A student or recent graduate", "Étudiant ou jeune diplômé",
		"Studierende oder frisch Graduierte", "Estudiante o recién titulado",
		"Estudante ou recém-formado"}},
	[TACT_RULE_NOTE_PERSONAL] = {{
		"Wrote a personal note", "A écrit un message personnel",
		"Hat eine persönliche Nachricht geschrieben", "Escribió una nota personal",
		"Escreveu uma nota pessoal"}},
	[TACT_RULE_NOTE_TEMPLATE] = {{
		"The note is a stock phrase: \"{1}\"", "Le message est une formule toute faite : « {1} »",
		"Die Nachricht ist eine Standardfloskel: „{1}“",
		"La nota es una frase hecha: «{1}»", "A nota é uma frase pronta: \"{1}\""}},
	[TACT_RULE_NOTE_NONE] = {{
		"No personal note", "Pas de message personnel", "Keine persönliche Nachricht",
		"Sin nota personal", "Sem nota pessoal"}},
	[TACT_RULE_NO_PHOTO] = {{
		"No profile photo", "Pas de photo de profil", "Kein Profilfoto",
		"Sin foto de perfil", "Sem foto de perfil"}},
	[TACT_RULE_NOT_A_PERSON] = {{
		"Not a person", "Pas une personne", "Keine Person", "No es una persona",
		"Não é uma pessoa"}},
	[TACT_RULE_LINK_IN_NOTE] = {{
		"The note contains a link: {1}", "Le message contient un lien : {1}",
		"Die Nachricht enthält einen Link: {1}", "La nota contiene un enlace: {1}",
		"A nota contém um link: {1}"}},
	[TACT_RULE_REPEAT_AFTER_IGNORE] = {{
		"Invited you again after you ignored them",
		"Vous invite à nouveau après avoir été ignoré",
		"Lädt Sie erneut ein, nachdem Sie ignoriert haben",
		"Te invita otra vez después de que lo ignoraras",
		"Convidou de novo depois de ser ignorado"}},
	[TACT_RULE_COMPANY_BURST] = {{
		"{1} invitations from this company this week",
		"{1} invitations de cette entreprise cette semaine",
		"{1} Einladungen aus dieser Firma diese Woche",
		"{1} invitaciones de esta empresa esta semana",
		"{1} convites desta empresa nesta semana"}},
	[TACT_RULE_PITCH_MEETING] = {{
		"Asks for a sales call: \"{1}\"", "Demande un rendez-vous commercial : « {1} »",
		"Will ein Verkaufsgespräch: „{1}“", "Pide una llamada comercial: «{1}»",
		"Pede uma reunião comercial: \"{1}\""}},
	[TACT_RULE_PITCH_VALUE] = {{
		"Pitches a product or service: \"{1}\"", "Vante un produit ou un service : « {1} »",
		"Bewirbt ein Produkt oder eine Leistung: „{1}“",
		"Promociona un producto o servicio: «{1}»",
		"Oferece um produto ou serviço: \"{1}\""}},
	[TACT_RULE_PITCH_SERVICES] = {{
		"Sells services: \"{1}\"", "Vend des prestations : « {1} »",
		"Verkauft Dienstleistungen: „{1}“", "Vende servicios: «{1}»",
		"Vende serviços: \"{1}\""}},
	[TACT_RULE_PITCH_HEADLINE] = {{
		"A sales headline: \"{1}\"", "Un titre de vendeur : « {1} »",
		"Eine Verkäufer-Überschrift: „{1}“", "Un titular de vendedor: «{1}»",
		"Um título de vendedor: \"{1}\""}},
	[TACT_RULE_SCAM_OFF_PLATFORM] = {{
		"Wants to move the conversation off LinkedIn: \"{1}\"",
		"Veut poursuivre la conversation hors de LinkedIn : « {1} »",
		"Will das Gespräch außerhalb von LinkedIn führen: „{1}“",
		"Quiere llevar la conversación fuera de LinkedIn: «{1}»",
		"Quer levar a conversa para fora do LinkedIn: \"{1}\""}},
	[TACT_RULE_SCAM_MONEY] = {{
		"Talks about investments or crypto: \"{1}\"",
		"Parle d'investissements ou de crypto : « {1} »",
		"Spricht von Geldanlagen oder Krypto: „{1}“",
		"Habla de inversiones o cripto: «{1}»",
		"Fala de investimentos ou cripto: \"{1}\""}},
	[TACT_RULE_SCAM_FEES] = {{
		"Mentions fees, payments or prizes: \"{1}\"",
		"Évoque des frais, des paiements ou des gains : « {1} »",
		"Erwähnt Gebühren, Zahlungen oder Gewinne: „{1}“",
		"Menciona tasas, pagos o premios: «{1}»",
		"Menciona taxas, pagamentos ou prêmios: \"{1}\""}},
	[TACT_RULE_SCAM_JOB_LURE] = {{
		"A job offer that sounds too good: \"{1}\"",
		"Une offre d'emploi trop belle pour être vraie : « {1} »",
		"Ein Jobangebot, das zu gut klingt: „{1}“",
		"Una oferta de trabajo demasiado buena: «{1}»",
		"Uma vaga boa demais para ser verdade: \"{1}\""}},
	[TACT_RULE_SCAM_ROMANCE] = {{
		"Personal or romantic language: \"{1}\"", "Un ton intime ou romantique : « {1} »",
		"Persönlicher oder romantischer Ton: „{1}“",
		"Lenguaje personal o romántico: «{1}»",
		"Linguagem pessoal ou romântica: \"{1}\""}},
	[TACT_RULE_SCAM_PHISHING] = {{
		"A link or login request to be careful with: \"{1}\"",
		"Un lien ou une demande de connexion à prendre avec prudence : « {1} »",
		"Ein Link oder eine Anmeldebitte, bei der Vorsicht geboten ist: „{1}“",
		"Un enlace o una petición de acceso con la que tener cuidado: «{1}»",
		"Um link ou pedido de login que pede cuidado: \"{1}\""}},
	[TACT_RULE_SCAM_IMPERSONATION] = {{
		"Poses as LinkedIn or someone else: \"{1}\"",
		"Se fait passer pour LinkedIn ou quelqu'un d'autre : « {1} »",
		"Gibt sich als LinkedIn oder jemand anderes aus: „{1}“",
		"Se hace pasar por LinkedIn u otra persona: «{1}»",
		"Finge ser o LinkedIn ou outra pessoa: \"{1}\""}},
	[TACT_RULE_SCAM_MLM] = {{
		"Recruits for a network-marketing scheme: \"{1}\"",
		"Recrute pour un système de vente en réseau : « {1} »",
		"Wirbt für ein Netzwerk-Marketing-System: „{1}“",
		"Recluta para un esquema de marketing multinivel: «{1}»",
		"Recruta para um esquema de marketing multinível: \"{1}\""}},
};

/* Who each taste rule describes. */
static const struct message rule_people[TACT_RULE_COUNT] = {
	[TACT_RULE_SHARED_EMPLOYER_CURRENT] = {{
		"colleagues from your company", "des collègues de votre entreprise",
		"Kollegen aus Ihrer Firma", "colegas de tu empresa", "colegas da sua empresa"}},
	[TACT_RULE_SHARED_EMPLOYER_PAST] = {{
		"people from a company you worked at",
		"des personnes d'une entreprise où vous avez travaillé",
		"Personen aus einer Firma, in der Sie gearbeitet haben",
		"personas de una empresa en la que trabajaste",
		"pessoas de uma empresa onde você trabalhou"}},
	[TACT_RULE_SHARED_SCHOOL] = {{
		"people from your school", "des personnes de votre école",
		"Personen von Ihrer Hochschule", "personas de tu centro de estudios",
		"pessoas da sua escola"}},
	[TACT_RULE_WORKED_TOGETHER] = {{
		"people who say you worked together",
		"des personnes qui disent avoir travaillé avec vous",
		"Personen, die von gemeinsamer Arbeit schreiben",
		"personas que dicen haber trabajado contigo",
		"pessoas que dizem ter trabalhado com você"}},
	[TACT_RULE_SHARED_CONTEXT] = {{
		"people who named a moment you shared",
		"des personnes qui citent un moment partagé",
		"Personen, die einen gemeinsamen Moment nennen",
		"personas que mencionan un momento compartido",
		"pessoas que citam um momento em comum"}},
	[TACT_RULE_KNOWN_CONTACT] = {{
		"people you keep notes about", "des personnes sur qui vous avez une note",
		"Personen, zu denen Sie Notizen haben", "personas sobre las que tienes notas",
		"pessoas sobre quem você tem notas"}},
	[TACT_RULE_PREVIOUSLY_CONNECTED] = {{
		"people you knew before", "des personnes que vous connaissiez déjà",
		"Personen, die Sie schon kannten", "personas que ya conocías",
		"pessoas que você já conhecia"}},
	[TACT_RULE_MUTUALS_NONE] = {{
		"people with no mutual connections", "des personnes sans relation en commun",
		"Personen ohne gemeinsame Kontakte", "personas sin contactos en común",
		"pessoas sem conexões em comum"}},
	[TACT_RULE_MUTUALS_ONE] = {{
		"people with one mutual connection", "des personnes avec une seule relation en commun",
		"Personen mit einem gemeinsamen Kontakt", "personas con un solo contacto en común",
		"pessoas com uma única conexão em comum"}},
	[TACT_RULE_MUTUALS_FEW] = {{
		"people with a few mutual connections",
		"des personnes avec quelques relations en commun",
		"Personen mit wenigen gemeinsamen Kontakten",
		"personas con pocos contactos en común", "pessoas com poucas conexões em comum"}},
	[TACT_RULE_MUTUALS_SOME] = {{
		"people with several mutual connections",
		"des personnes avec plusieurs relations en commun",
		"Personen mit mehreren gemeinsamen Kontakten",
		"personas con varios contactos en común", "pessoas com várias conexões em comum"}},
	[TACT_RULE_MUTUALS_MANY] = {{
		"people with many mutual connections",
		"des personnes avec beaucoup de relations en commun",
		"Personen mit vielen gemeinsamen Kontakten",
		"personas con muchos contactos en común", "pessoas com muitas conexões em comum"}},
	[TACT_RULE_FIELD_MATCH] = {{
		"people in your field", "des personnes de votre domaine",
		"Personen aus Ihrem Fach", "personas de tu sector", "pessoas da sua área"}},
	[TACT_RULE_FIELD_STRONG] = {{
		"people close to what you do", "des personnes proches de votre métier",
		"Personen nah an Ihrem Thema", "personas muy cercanas a lo tuyo",
		"pessoas bem próximas do que você faz"}},
	[TACT_RULE_OUTSIDE_FIELD] = {{
		"people outside your field", "des personnes hors de votre domaine",
		"Personen außerhalb Ihres Fachs", "personas fuera de tu sector",
		"pessoas de fora da sua área"}},
	[TACT_RULE_SAME_CITY] = {{
		"people from your city", "des personnes de votre ville",
		"Personen aus Ihrer Stadt", "personas de tu ciudad", "pessoas da sua cidade"}},
	[TACT_RULE_RECRUITER] = {{
		"recruiters", "des recruteurs", "Recruiter", "reclutadores", "recrutadores"}},
	[TACT_RULE_STUDENT] = {{
		"students and recent graduates", "des étudiants et jeunes diplômés",
		"Studierende und frisch Graduierte", "estudiantes y recién titulados",
		"estudantes e recém-formados"}},
	[TACT_RULE_NOTE_PERSONAL] = {{
		"invitations with a personal note", "des invitations avec un message personnel",
		"Einladungen mit persönlicher Nachricht", "invitaciones con nota personal",
		"convites com nota pessoal"}},
	[TACT_RULE_NOTE_TEMPLATE] = {{
		"invitations with a stock phrase", "des invitations avec une formule toute faite",
		"Einladungen mit Standardfloskel", "invitaciones con una frase hecha",
		"convites com frase pronta"}},
	[TACT_RULE_NOTE_NONE] = {{
		"invitations without a note", "des invitations sans message",
		"Einladungen ohne Nachricht", "invitaciones sin nota", "convites sem nota"}},
	[TACT_RULE_NO_PHOTO] = {{
		"people without a photo", "des personnes sans photo", "Personen ohne Foto",
		"personas sin foto", "pessoas sem foto"}},
	[TACT_RULE_NOT_A_PERSON] = {{
		"pages, events and groups", "des pages, événements et groupes",
		"Seiten, Veranstaltungen und Gruppen", "páginas, eventos y grupos",
		"páginas, eventos e grupos"}},
	[TACT_RULE_LINK_IN_NOTE] = {{
		"invitations with a link", "des invitations avec un lien", "Einladungen mit Link",
		"invitaciones con un enlace", "convites com link"}},
	[TACT_RULE_REPEAT_AFTER_IGNORE] = {{
		"repeat invitations", "des invitations répétées", "wiederholte Einladungen",
		"invitaciones repetidas", "convites repetidos"}},
	[TACT_RULE_COMPANY_BURST] = {{
		"invitations from one company in the same week",
		"des invitations d'une même entreprise dans la semaine",
		"Einladungen aus einer Firma in derselben Woche",
		"invitaciones de una misma empresa en la misma semana",
		"convites da mesma empresa na mesma semana"}},
	[TACT_RULE_PITCH_MEETING] = {{
		"requests for a sales meeting", "des demandes de rendez-vous commercial",
		"Anfragen nach Verkaufsgesprächen", "peticiones de reunión comercial",
		"pedidos de reunião comercial"}},
	[TACT_RULE_PITCH_VALUE] = {{
		"sales offers", "des offres commerciales", "Verkaufsangebote", "ofertas comerciales",
		"ofertas comerciais"}},
	[TACT_RULE_PITCH_SERVICES] = {{
		"offers of services", "des offres de prestations", "Dienstleistungsangebote",
		"ofertas de servicios", "ofertas de serviços"}},
	[TACT_RULE_PITCH_HEADLINE] = {{
		"sales headlines", "des titres de vendeur", "Verkäufer-Überschriften",
		"titulares de vendedor", "títulos de vendedor"}},
};

int tact_messages_lang(const char *code)
{
	if (code == NULL || strlen(code) < 2 || (code[2] != '\0' && code[2] != '-' && code[2] != '_'))
		return -1;
	for (int l = 0; l < TACT_LANG_COUNT; l++) {
		/* Case-insensitive on ASCII only: "FR-ca" is French. */
		if ((code[0] | 0x20) == lang_codes[l][0] && (code[1] | 0x20) == lang_codes[l][1])
			return l;
	}
	return -1;
}

const char *tact_messages_lang_code(enum tact_lang lang)
{
	return lang_codes[lang];
}

const char *tact_messages_text(enum tact_msg msg, enum tact_lang lang)
{
	return messages[msg].text[lang];
}

const char *tact_messages_rule_reason(enum tact_rule rule, enum tact_lang lang)
{
	return rule_reasons[rule].text[lang];
}

const char *tact_messages_rule_people(enum tact_rule rule, enum tact_lang lang)
{
	return rule_people[rule].text[lang];
}

void tact_messages_fill(char *out, size_t cap, const char *tmpl, const char *const *args,
			size_t nargs)
{
	size_t used = 0;

	if (cap == 0)
		return;
	for (const char *p = tmpl; *p != '\0';) {
		const char *piece = p;
		size_t len;
		if (p[0] == '{' && p[1] >= '1' && p[1] <= '9' && p[2] == '}') {
			size_t n = (size_t)(p[1] - '1');
			piece = n < nargs && args[n] != NULL ? args[n] : "";
			len = strlen(piece);
			p += 3;
		} else {
			/* The literal run up to the next slot, cut as one piece. */
			len = 1;
			while (p[len] != '\0' && p[len] != '{')
				len++;
			p += len;
		}
		if (used + len >= cap) {
			len = cap - 1 - used;
			/* Back off to a character boundary. */
			while (len > 0 && ((unsigned char)piece[len] & 0xc0) == 0x80)
				len--;
			memcpy(out + used, piece, len);
			used += len;
			break;
		}
		memcpy(out + used, piece, len);
		used += len;
	}
	out[used] = '\0';
}
