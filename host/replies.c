#include "tact/replies.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/*
 * Templates are UTF-8 with placeholders {first_name}, {company}, {event},
 * {topic} and {my_name}. A "{" that does not open one of them is a bug the
 * unit test catches (rendering answers TACT_ERR_INTERNAL). French puts a
 * no-break space before "!" and "?"; NBSP is kept as its own literal so no
 * hex escape can swallow the next character.
 */
#define NBSP "\xc2\xa0"
#define ELLIPSIS "\xe2\x80\xa6"

enum lang { LANG_EN, LANG_FR, LANG_DE, LANG_ES, LANG_PT, LANG_COUNT };

static const char *const lang_ids[LANG_COUNT] = {"en", "fr", "de", "es", "pt"};

enum intent {
	INTENT_NOT_NOW,
	INTENT_ONLY_KNOWN,
	INTENT_OWN_FIELD,
	INTENT_COMPANY_BURST,
	INTENT_HOW_KNOW,
	INTENT_THANKS_FOLLOW_UP,
	INTENT_MET_EVENT,
	INTENT_FORMAL_DECLINE,
	INTENT_WELCOME_NOTE,
	INTENT_COUNT
};

static const char *const intent_ids[INTENT_COUNT + 1] = {
	[INTENT_NOT_NOW] = "not_now",
	[INTENT_ONLY_KNOWN] = "only_known",
	[INTENT_OWN_FIELD] = "own_field",
	[INTENT_COMPANY_BURST] = "company_burst",
	[INTENT_HOW_KNOW] = "how_know",
	[INTENT_THANKS_FOLLOW_UP] = "thanks_follow_up",
	[INTENT_MET_EVENT] = "met_event",
	[INTENT_FORMAL_DECLINE] = "formal_decline",
	[INTENT_WELCOME_NOTE] = "welcome_note",
	[INTENT_COUNT] = NULL,
};

enum ph { PH_FIRST_NAME, PH_COMPANY, PH_EVENT, PH_TOPIC, PH_MY_NAME, PH_COUNT };

static const char *const ph_names[PH_COUNT] = {"first_name", "company", "event", "topic",
					       "my_name"};
static const size_t ph_caps[PH_COUNT] = {TACT_REPLY_NAME_MAX_BYTES, TACT_REPLY_TEXT_MAX_BYTES,
					 TACT_REPLY_TEXT_MAX_BYTES, TACT_REPLY_TEXT_MAX_BYTES,
					 TACT_REPLY_NAME_MAX_BYTES};

#define PH_BIT(p) (1u << (p))
#define VARIANTS_MAX 3

/* ------------------------------------------------------------------------
 * Reply texts: per intent and language, up to VARIANTS_MAX variants (NULL
 * pads). Each list has a fallback that needs no value at all. Shapes:
 * company_burst {first_name}+{company} twice; thanks_follow_up and
 * met_event {first_name}+{topic}/{event}, {first_name}; not_now and
 * welcome_note {first_name}, {first_name}+{my_name}; the rest {first_name}
 * twice; then the fallback.
 * ---------------------------------------------------------------------- */

static const char *const reply_texts[INTENT_COUNT][LANG_COUNT][VARIANTS_MAX] = {
	[INTENT_NOT_NOW] = {
		[LANG_EN] = {
			"Hi {first_name}, thanks for reaching out. Now isn't a good moment for me "
			"to add new connections, but I hope our paths cross again later on.",
			"Hello {first_name}, I appreciate the invitation. I'm not growing my network "
			"right now, though I'd be happy to revisit this down the line.\n"
			"All the best,\n{my_name}",
			"Thank you for the invitation. The timing isn't right for me to connect just "
			"now, but please feel free to get in touch again in a few months.",
		},
		[LANG_FR] = {
			"Bonjour {first_name}, merci pour votre invitation. Ce n'est pas le bon moment "
			"pour moi d'élargir mon réseau, mais j'espère que nos chemins se recroiseront.",
			"Bonjour {first_name}, je vous remercie de votre invitation. Je n'ajoute pas "
			"de nouveaux contacts en ce moment, mais nous pourrons en reparler plus tard.\n"
			"Bien à vous,\n{my_name}",
			"Merci pour votre invitation. Le moment n'est pas idéal pour moi, mais "
			"n'hésitez pas à revenir vers moi dans quelques mois.",
		},
		[LANG_DE] = {
			"Hallo {first_name}, vielen Dank für Ihre Einladung. Im Moment erweitere ich "
			"mein Netzwerk nicht, aber vielleicht kreuzen sich unsere Wege später wieder.",
			"Hallo {first_name}, danke für Ihre Anfrage. Derzeit nehme ich keine neuen "
			"Kontakte an, komme aber gern später darauf zurück.\n"
			"Viele Grüße\n{my_name}",
			"Vielen Dank für die Einladung. Gerade passt es zeitlich nicht, aber melden "
			"Sie sich gern in ein paar Monaten wieder.",
		},
		[LANG_ES] = {
			"Hola, {first_name}. Gracias por la invitación. Ahora mismo no es buen momento "
			"para ampliar mi red, pero ojalá nuestros caminos vuelvan a cruzarse más "
			"adelante.",
			"Hola, {first_name}. Te agradezco la invitación. Por ahora no estoy sumando "
			"contactos nuevos, pero con gusto lo retomamos más adelante.\n"
			"Saludos,\n{my_name}",
			"Gracias por la invitación. En este momento no me viene bien conectar, pero no "
			"dudes en escribirme de nuevo dentro de unos meses.",
		},
		[LANG_PT] = {
			"Olá, {first_name}! Agradeço o convite. Este não é um bom momento para eu "
			"ampliar minha rede, mas espero que nossos caminhos se cruzem mais adiante.",
			"Olá, {first_name}. Agradeço muito a sua solicitação. Por enquanto não estou "
			"adicionando novos contatos, mas podemos retomar isso mais para a frente.\n"
			"Abraço,\n{my_name}",
			"Agradeço o convite. Agora não é o momento ideal para eu me conectar, mas fique "
			"à vontade para entrar em contato de novo daqui a alguns meses.",
		},
	},
	[INTENT_ONLY_KNOWN] = {
		[LANG_EN] = {
			"Hi {first_name}, thanks for thinking of me. I keep LinkedIn for people I've "
			"actually met or worked with, so I won't accept for now. Wishing you well!",
			"Hello {first_name}, I appreciate the request. My rule here is to connect only "
			"with people I know in person. It's nothing personal, and I wish you every "
			"success.",
			"Thank you for the invitation. I keep my LinkedIn network to people I know "
			"personally, so I'll pass for now. All the best with your work.",
		},
		[LANG_FR] = {
			"Bonjour {first_name}, merci d'avoir pensé à moi. Sur LinkedIn, je me limite "
			"aux personnes que je connais ou avec qui j'ai travaillé, je ne donnerai donc "
			"pas suite pour l'instant. Belle continuation" NBSP "!",
			"Bonjour {first_name}, merci pour votre demande. Je n'accepte que les personnes "
			"que je connais en dehors de LinkedIn ; ce n'est pas contre vous, et je vous "
			"souhaite beaucoup de réussite.",
			"Merci pour votre invitation. Je réserve mon réseau LinkedIn aux personnes que "
			"je connais personnellement, je préfère donc ne pas l'accepter pour le moment. "
			"Bonne continuation.",
		},
		[LANG_DE] = {
			"Hallo {first_name}, danke, dass Sie an mich gedacht haben. Auf LinkedIn "
			"vernetze ich mich nur mit Menschen, die ich persönlich kenne, daher nehme "
			"ich die Anfrage vorerst nicht an. Alles Gute!",
			"Hallo {first_name}, vielen Dank für Ihre Anfrage. Ich vernetze mich "
			"grundsätzlich nur mit Menschen, mit denen ich schon zu tun hatte – das hat "
			"nichts mit Ihnen zu tun. Ich wünsche Ihnen viel Erfolg.",
			"Vielen Dank für die Einladung. Mein LinkedIn-Netzwerk beschränke ich auf "
			"Menschen, die ich persönlich kenne, deshalb verzichte ich vorerst. Alles Gute "
			"für Ihre Arbeit!",
		},
		[LANG_ES] = {
			"Hola, {first_name}. Gracias por pensar en mí. En LinkedIn solo conecto con "
			"personas que conozco o con las que he trabajado, así que por ahora no voy a "
			"aceptar. ¡Mucho éxito!",
			"Hola, {first_name}. Te agradezco la solicitud. Tengo por norma conectar solo "
			"con gente que conozco personalmente; no es nada contra ti, y te deseo mucho "
			"éxito.",
			"Gracias por la invitación. Reservo mi red de LinkedIn para personas que conozco "
			"personalmente, así que prefiero no aceptarla por ahora. ¡Mucha suerte con tus "
			"proyectos!",
		},
		[LANG_PT] = {
			"Olá, {first_name}! Agradeço por ter lembrado de mim. No LinkedIn, só me conecto "
			"com pessoas que conheço ou com quem já trabalhei, então por enquanto não vou "
			"aceitar. Sucesso!",
			"Olá, {first_name}. Agradeço a solicitação. Tenho como regra me conectar só com "
			"quem conheço pessoalmente; não é nada contra você, e desejo muito sucesso.",
			"Agradeço o convite. Reservo minha rede no LinkedIn para pessoas que conheço "
			"pessoalmente, por isso prefiro não aceitar por agora. Muito sucesso nos seus "
			"projetos!",
		},
	},
	[INTENT_OWN_FIELD] = {
		[LANG_EN] = {
			"Hi {first_name}, thank you for the invitation. I'm keeping my network focused "
			"on my own area of work, so I'll leave it there for now. Best of luck!",
			"Hello {first_name}, thanks for your interest. I use LinkedIn mostly for "
			"contacts in my own field, so I'm holding back on this one. I wish you all the "
			"best.",
			"Thanks for the invitation. I try to keep my network within my own profession, "
			"so I won't be accepting right now. Have a great week.",
		},
		[LANG_FR] = {
			"Bonjour {first_name}, merci pour votre invitation. Je concentre mon réseau sur "
			"mon propre domaine d'activité, je vais donc en rester là pour le moment. Bonne "
			"continuation.",
			"Bonjour {first_name}, merci de votre intérêt. J'utilise LinkedIn surtout pour "
			"échanger avec des personnes de mon secteur, c'est pourquoi je ne donne pas "
			"suite. Je vous souhaite le meilleur.",
			"Merci pour votre invitation. Je limite mon réseau aux contacts de mon métier, "
			"je ne vais donc pas l'accepter pour l'instant. Très bonne semaine à vous.",
		},
		[LANG_DE] = {
			"Hallo {first_name}, vielen Dank für Ihre Einladung. Ich konzentriere mein "
			"Netzwerk auf meinen eigenen Fachbereich und belasse es daher vorerst dabei. "
			"Alles Gute!",
			"Hallo {first_name}, danke für Ihr Interesse. Ich nutze LinkedIn vor allem für "
			"Kontakte aus meiner Branche und nehme die Anfrage deshalb nicht an. Ich wünsche "
			"Ihnen alles Gute.",
			"Danke für die Einladung. Mein Netzwerk bleibt bewusst auf mein eigenes "
			"Berufsfeld beschränkt, deshalb nehme ich die Anfrage im Moment nicht an. Eine "
			"schöne Woche noch!",
		},
		[LANG_ES] = {
			"Hola, {first_name}. Gracias por la invitación. Estoy centrando mi red en mi "
			"propio campo profesional, así que de momento no la aceptaré. ¡Te deseo lo "
			"mejor!",
			"Hola, {first_name}. Gracias por tu interés. Uso LinkedIn sobre todo para "
			"contactos de mi sector, por eso esta vez no voy a aceptar. Te deseo todo lo "
			"mejor.",
			"Gracias por la invitación. Procuro mantener mi red dentro de mi ámbito "
			"profesional, así que por ahora no voy a aceptarla. ¡Que tengas una buena "
			"semana!",
		},
		[LANG_PT] = {
			"Olá, {first_name}! Agradeço o convite. Estou mantendo minha rede focada na "
			"minha própria área, então não vou aceitar por enquanto. Tudo de bom!",
			"Olá, {first_name}. Agradeço o interesse. Uso o LinkedIn principalmente para "
			"contatos do meu setor, por isso não vou aceitar desta vez. Desejo tudo de "
			"melhor.",
			"Agradeço o convite. Procuro manter minha rede dentro da minha área de atuação, "
			"então não vou aceitar por enquanto. Tenha uma ótima semana!",
		},
	},
	[INTENT_COMPANY_BURST] = {
		[LANG_EN] = {
			"Hi {first_name}, thank you for the invitation. I've had several from "
			"{company} lately, and I usually keep to one contact per team, so I'll wait "
			"for now. I hope that makes sense!",
			"Hello {first_name}, I appreciate you reaching out. Quite a few people at "
			"{company} have invited me recently, so for the moment I'm staying with one "
			"contact there. Maybe later!",
			"Thank you for the invitation. I've received several from the same company "
			"recently, and I prefer to keep one contact per team for now. I hope you "
			"understand.",
		},
		[LANG_FR] = {
			"Bonjour {first_name}, merci pour votre invitation. J'en ai reçu plusieurs de "
			"chez {company} ces derniers temps et je garde en général un seul contact par "
			"équipe, je vais donc attendre un peu. Merci de votre compréhension.",
			"Bonjour {first_name}, merci de votre intérêt. Plusieurs personnes chez "
			"{company} m'ont envoyé une invitation récemment, et pour l'instant je garde un "
			"seul contact dans l'entreprise. Peut-être plus tard" NBSP "!",
			"Merci pour votre invitation. J'en ai reçu plusieurs de la même entreprise "
			"récemment et je préfère garder un seul contact par équipe pour le moment. "
			"Merci de votre compréhension.",
		},
		[LANG_DE] = {
			"Hallo {first_name}, vielen Dank für Ihre Einladung. Von {company} habe ich "
			"zuletzt mehrere Anfragen bekommen und halte meist nur einen Kontakt pro Team, "
			"daher warte ich vorerst ab. Danke für Ihr Verständnis.",
			"Hallo {first_name}, danke für Ihre Nachricht. In letzter Zeit haben mich "
			"mehrere Personen von {company} eingeladen; vorerst bleibe ich bei einem "
			"Kontakt im Unternehmen. Vielleicht später!",
			"Vielen Dank für die Einladung. Aus demselben Unternehmen habe ich zuletzt "
			"mehrere Anfragen erhalten und möchte vorerst bei einem Kontakt pro Team "
			"bleiben. Danke für Ihr Verständnis.",
		},
		[LANG_ES] = {
			"Hola, {first_name}. Gracias por la invitación. Últimamente he recibido varias "
			"de {company} y suelo mantener un solo contacto por equipo, así que esperaré "
			"un tiempo. Espero que lo entiendas.",
			"Hola, {first_name}. Gracias por escribirme. Hace poco me invitaron varias "
			"personas de {company}, y de momento prefiero tener un único contacto en la "
			"empresa. ¡Quizá más adelante!",
			"Gracias por la invitación. Hace poco recibí varias de la misma empresa y por "
			"ahora prefiero mantener un contacto por equipo. Espero que lo entiendas.",
		},
		[LANG_PT] = {
			"Olá, {first_name}! Agradeço o convite. Recentemente recebi vários convites de "
			"pessoas da empresa {company} e costumo manter um contato por equipe, então vou "
			"aguardar por enquanto. Conto com sua compreensão.",
			"Olá, {first_name}. Agradeço a mensagem. Várias pessoas da empresa {company} me "
			"convidaram nos últimos tempos e, por ora, prefiro ter um único contato lá. Quem "
			"sabe mais adiante!",
			"Agradeço o convite. Recebi vários da mesma empresa recentemente e, por "
			"enquanto, prefiro manter um contato por equipe. Conto com sua compreensão.",
		},
	},
	[INTENT_HOW_KNOW] = {
		[LANG_EN] = {
			"Hi {first_name}, thanks for the invitation! Could you remind me where we've "
			"met? I'd like to place you properly before I accept.",
			"Hello {first_name}, nice to hear from you. I'm sorry, I can't quite remember "
			"how we know each other. Could you jog my memory?",
			"Thank you for the invitation! Could you remind me where our paths crossed? I "
			"like to know the context before I connect.",
		},
		[LANG_FR] = {
			"Bonjour {first_name}, merci pour l'invitation" NBSP "! Pourriez-vous me "
			"rappeler dans quel contexte nous avons fait connaissance" NBSP "? J'aime "
			"savoir d'où viennent mes contacts avant d'accepter.",
			"Bonjour {first_name}, merci de votre invitation. Je ne parviens pas à me "
			"souvenir d'où nous nous connaissons ; pourriez-vous me rafraîchir la "
			"mémoire" NBSP "?",
			"Merci pour votre invitation" NBSP "! Pourriez-vous me rappeler où nos chemins "
			"se sont croisés" NBSP "? Je préfère connaître le contexte avant d'accepter une "
			"mise en relation.",
		},
		[LANG_DE] = {
			"Hallo {first_name}, danke für die Einladung! Können Sie mir kurz sagen, woher "
			"wir uns kennen? Ich möchte Sie gern richtig einordnen, bevor ich annehme.",
			"Hallo {first_name}, schön, von Ihnen zu hören. Leider fällt mir gerade nicht "
			"ein, wo wir uns begegnet sind – helfen Sie mir auf die Sprünge?",
			"Vielen Dank für die Einladung! Könnten Sie mich kurz daran erinnern, wo wir "
			"uns kennengelernt haben? Ich kenne gern den Zusammenhang, bevor ich mich "
			"vernetze.",
		},
		[LANG_ES] = {
			"¡Hola, {first_name}! Gracias por la invitación. ¿Me recuerdas dónde nos "
			"conocimos? Me gusta saber de qué conozco a alguien antes de aceptar.",
			"Hola, {first_name}, qué gusto saber de ti. Perdona, pero no consigo recordar "
			"de qué nos conocemos. ¿Me refrescas la memoria?",
			"¡Gracias por la invitación! ¿Podrías recordarme dónde coincidimos? Prefiero "
			"conocer el contexto antes de conectar.",
		},
		[LANG_PT] = {
			"Olá, {first_name}! Agradeço o convite. Poderia me lembrar em que ocasião nos "
			"conhecemos? Gosto de saber o contexto antes de aceitar.",
			"Oi, {first_name}, que bom ter notícias suas. Desculpe, mas não estou "
			"conseguindo lembrar de onde nos conhecemos. Pode refrescar minha memória?",
			"Agradeço o convite! Você poderia me lembrar onde nossos caminhos se cruzaram? "
			"Prefiro entender o contexto antes de me conectar.",
		},
	},
	[INTENT_THANKS_FOLLOW_UP] = {
		[LANG_EN] = {
			"Thanks for connecting, {first_name}! I enjoyed our exchange about {topic}. "
			"What are you planning to focus on there next?",
			"Thanks for connecting, {first_name}! What project is keeping you busy at the "
			"moment? I'd love to hear more.",
			"Thank you for connecting! What are you working on these days? I'd be glad to "
			"hear about it.",
		},
		[LANG_FR] = {
			"Merci pour la connexion, {first_name}" NBSP "! Notre échange sur {topic} m'a "
			"beaucoup plu. Où en êtes-vous aujourd'hui sur ce sujet" NBSP "?",
			"Merci pour la connexion, {first_name}" NBSP "! Sur quel projet travaillez-vous "
			"en ce moment" NBSP "? J'aimerais beaucoup en savoir plus.",
			"Merci pour la connexion" NBSP "! Quel projet vous occupe le plus en ce "
			"moment" NBSP "? J'aimerais beaucoup en entendre parler.",
		},
		[LANG_DE] = {
			"Danke fürs Vernetzen, {first_name}! Unser Gespräch über {topic} hat mir sehr "
			"gefallen. Woran arbeiten Sie in dem Bereich als Nächstes?",
			"Danke fürs Vernetzen, {first_name}! Welches Projekt beschäftigt Sie gerade am "
			"meisten? Ich würde gern mehr darüber erfahren.",
			"Vielen Dank für die Vernetzung! Woran arbeiten Sie im Moment? Ich würde mich "
			"freuen, mehr darüber zu hören.",
		},
		[LANG_ES] = {
			"¡Gracias por conectar, {first_name}! Me encantó nuestra conversación sobre "
			"{topic}. ¿En qué vas a centrarte ahora en ese tema?",
			"¡Gracias por conectar, {first_name}! ¿En qué proyecto estás trabajando ahora "
			"mismo? Me encantaría saber más.",
			"¡Gracias por conectar! ¿Qué proyecto te ocupa más tiempo estos días? Me "
			"gustaría conocerlo.",
		},
		[LANG_PT] = {
			"Agradeço pela conexão, {first_name}! Gostei muito da nossa conversa sobre "
			"{topic}. Qual vai ser o seu próximo passo nesse assunto?",
			"Agradeço pela conexão, {first_name}! Em que projeto você está trabalhando "
			"agora? Adoraria saber mais.",
			"Que bom estarmos conectados! Qual projeto está ocupando mais o seu tempo "
			"atualmente? Gostaria de saber mais.",
		},
	},
	[INTENT_MET_EVENT] = {
		[LANG_EN] = {
			"Hi {first_name}, I really enjoyed meeting you at {event}. Happy to be "
			"connected, and let's keep the conversation going.",
			"Hi {first_name}, it was a pleasure meeting you the other day. I'd enjoy "
			"picking up our conversation again, so let's keep in touch.",
			"It was a pleasure meeting you! Let's keep in touch here, and I hope we get "
			"the chance to talk again soon.",
		},
		[LANG_FR] = {
			"Bonjour {first_name}, j'ai vraiment apprécié notre rencontre lors de {event}. "
			"Restons en contact pour poursuivre la conversation.",
			"Bonjour {first_name}, ce fut un plaisir de vous rencontrer l'autre jour. "
			"Restons en contact, j'aimerais beaucoup reprendre notre conversation.",
			"Ce fut un plaisir de faire votre connaissance" NBSP "! Restons en contact ici, "
			"et j'espère que nous aurons bientôt l'occasion d'échanger à nouveau.",
		},
		[LANG_DE] = {
			"Hallo {first_name}, es hat mich sehr gefreut, Sie bei {event} kennenzulernen. "
			"Lassen Sie uns in Kontakt bleiben und das Gespräch hier fortsetzen.",
			"Hallo {first_name}, es war schön, Sie neulich kennenzulernen. Bleiben wir in "
			"Kontakt – ich würde unser Gespräch gern fortsetzen.",
			"Es war mir eine Freude, Sie kennenzulernen! Bleiben wir hier in Kontakt; ich "
			"hoffe, wir können uns bald wieder austauschen.",
		},
		[LANG_ES] = {
			"Hola, {first_name}. Me alegró mucho conocerte en {event}. Sigamos en contacto "
			"por aquí y continuemos la conversación.",
			"Hola, {first_name}. Fue un placer conocerte el otro día. Sigamos en contacto; "
			"me encantaría retomar nuestra conversación.",
			"¡Fue un placer conocerte! Sigamos en contacto por aquí; ojalá podamos volver "
			"a hablar pronto.",
		},
		[LANG_PT] = {
			"Olá, {first_name}! Foi muito bom conhecer você no evento {event}. Vamos "
			"manter contato por aqui e continuar a conversa.",
			"Olá, {first_name}. Foi um prazer conhecer você outro dia. Vamos manter "
			"contato; adoraria retomar nossa conversa.",
			"Foi um prazer conhecer você! Vamos manter contato por aqui, e espero que "
			"possamos conversar de novo em breve.",
		},
	},
	[INTENT_FORMAL_DECLINE] = {
		[LANG_EN] = {
			"Hi {first_name}, thank you for your continued interest. I've decided not to "
			"add this connection, and I'd rather tell you directly than leave it open. I "
			"wish you all the best.",
			"Hello {first_name}, I appreciate the invitations. After some thought I'll be "
			"declining, as it doesn't fit how I use my network. Best wishes for your work.",
			"Thank you for the invitations. I've decided not to connect, and I wanted to "
			"say so plainly rather than leave you waiting. All the best.",
		},
		[LANG_FR] = {
			"Bonjour {first_name}, merci pour l'intérêt que vous me portez. J'ai décidé de "
			"ne pas donner suite à cette invitation et je préfère vous le dire directement. "
			"Je vous souhaite une excellente continuation.",
			"Bonjour {first_name}, merci pour vos invitations. Après réflexion, je ne vais "
			"pas les accepter, car cela ne correspond pas à l'usage que je fais de mon "
			"réseau. Je vous souhaite beaucoup de réussite.",
			"Merci pour vos invitations. J'ai choisi de ne pas accepter la mise en "
			"relation, et je tenais à vous le dire clairement plutôt que de laisser la "
			"demande sans réponse. Bonne continuation.",
		},
		[LANG_DE] = {
			"Hallo {first_name}, vielen Dank für Ihr anhaltendes Interesse. Ich habe mich "
			"entschieden, die Anfrage nicht anzunehmen, und sage Ihnen das lieber direkt. "
			"Alles Gute für Sie!",
			"Hallo {first_name}, danke für Ihre Einladungen. Nach kurzer Überlegung lehne "
			"ich ab, da es nicht dazu passt, wie ich mein Netzwerk nutze. Ich wünsche Ihnen "
			"viel Erfolg.",
			"Vielen Dank für Ihre Einladungen. Ich habe mich gegen eine Vernetzung "
			"entschieden und wollte Ihnen das offen sagen, statt Sie auf eine Antwort "
			"warten zu lassen. Alles Gute!",
		},
		[LANG_ES] = {
			"Hola, {first_name}. Gracias por tu interés en conectar. He decidido no aceptar "
			"la invitación y prefiero decírtelo directamente. Te deseo lo mejor.",
			"Hola, {first_name}. Te agradezco las invitaciones. Después de pensarlo, voy a "
			"declinar, porque no encaja con el uso que le doy a mi red. Mucho éxito en "
			"todo.",
			"Gracias por tus invitaciones. He decidido no conectar y quería decírtelo con "
			"claridad en lugar de dejarte sin respuesta. Te deseo lo mejor.",
		},
		[LANG_PT] = {
			"Olá, {first_name}. Agradeço o seu interesse em se conectar. Decidi não aceitar "
			"o convite e prefiro dizer isso diretamente. Desejo tudo de bom para você.",
			"Olá, {first_name}. Agradeço os convites. Depois de pensar um pouco, vou "
			"recusar, pois não combina com a forma como uso minha rede. Muito sucesso para "
			"você.",
			"Agradeço os convites. Decidi não me conectar e quis avisar com clareza, em vez "
			"de deixar você sem resposta. Tudo de bom!",
		},
	},
	[INTENT_WELCOME_NOTE] = {
		[LANG_EN] = {
			"Thank you for the kind words, {first_name}! I'm glad we're connected.",
			"Hi {first_name}, thanks so much for your thoughtful note. Happy to be "
			"connected.\nBest,\n{my_name}",
			"Thank you for your kind message! I'm glad to be connected.",
		},
		[LANG_FR] = {
			"Merci pour votre gentil message, {first_name}" NBSP "! C'est un plaisir "
			"d'être en contact.",
			"Bonjour {first_name}, merci beaucoup pour ce mot attentionné, au plaisir "
			"d'échanger.\nBien à vous,\n{my_name}",
			"Merci beaucoup pour votre message chaleureux" NBSP "! Au plaisir d'échanger "
			"prochainement.",
		},
		[LANG_DE] = {
			"Vielen Dank für Ihre freundlichen Worte, {first_name}! Ich freue mich über "
			"die Vernetzung.",
			"Hallo {first_name}, herzlichen Dank für Ihre nette Nachricht – schön, dass "
			"wir jetzt vernetzt sind.\nViele Grüße\n{my_name}",
			"Herzlichen Dank für Ihre freundliche Nachricht! Ich freue mich, dass wir in "
			"Kontakt sind.",
		},
		[LANG_ES] = {
			"¡Gracias por tus amables palabras, {first_name}! Me alegra que estemos en "
			"contacto.",
			"Hola, {first_name}. Muchas gracias por tu mensaje tan atento; es un gusto "
			"estar en contacto.\nSaludos,\n{my_name}",
			"¡Muchas gracias por tu amable mensaje! Es un placer conectar contigo.",
		},
		[LANG_PT] = {
			"Agradeço as palavras gentis, {first_name}! Que bom estarmos conectados.",
			"Olá, {first_name}. Agradeço muito sua mensagem tão atenciosa; é um prazer "
			"estar em contato.\nAbraço,\n{my_name}",
			"Agradeço muito a sua mensagem gentil! É um prazer me conectar com você.",
		},
	},
};

/* ------------------------------------------------------------------------
 * Connection-note pieces. met[] is indexed by MET_NAME | MET_EVENT; the
 * value-free met[0] of every language is at most TACT_NOTE_LIMIT_MIN
 * characters, so every allowed limit can be met.
 * ---------------------------------------------------------------------- */

#define MET_EVENT 1u
#define MET_NAME 2u

struct note_texts {
	const char *met[4];
	const char *topic;
	const char *reason;
	const char *sign; /* on its own line(s) after the rest */
};

static const struct note_texts note_texts[LANG_COUNT] = {
	[LANG_EN] = {
		.met = {
			[0] = "Hi, it was a pleasure to meet you.",
			[MET_EVENT] = "Hi, it was a pleasure to meet you at {event}.",
			[MET_NAME] = "Hi {first_name}, it was a pleasure to meet you.",
			[MET_NAME | MET_EVENT] = "Hi {first_name}, it was a pleasure to meet you at "
						 "{event}.",
		},
		.topic = "I enjoyed our conversation about {topic}.",
		.reason = "I'd be glad to stay connected and continue the exchange.",
		.sign = "Best,\n{my_name}",
	},
	[LANG_FR] = {
		.met = {
			[0] = "Bonjour, merci pour notre rencontre.",
			[MET_EVENT] = "Bonjour, merci pour notre rencontre lors de {event}.",
			[MET_NAME] = "Bonjour {first_name}, merci pour notre rencontre.",
			[MET_NAME | MET_EVENT] =
				"Bonjour {first_name}, merci pour notre rencontre lors de {event}.",
		},
		.topic = "J'ai beaucoup apprécié notre échange sur {topic}.",
		.reason = "J'aimerais rester en contact et poursuivre la discussion.",
		.sign = "Bien à vous,\n{my_name}",
	},
	[LANG_DE] = {
		.met = {
			[0] = "Hallo, es war schön, Sie zu treffen.",
			[MET_EVENT] = "Hallo, es war schön, Sie bei {event} zu treffen.",
			[MET_NAME] = "Hallo {first_name}, es war schön, Sie zu treffen.",
			[MET_NAME | MET_EVENT] = "Hallo {first_name}, es war schön, Sie bei {event} zu "
						 "treffen.",
		},
		.topic = "Unser Gespräch über {topic} hat mir sehr gefallen.",
		.reason = "Ich würde gern in Kontakt bleiben und den Austausch fortsetzen.",
		.sign = "Viele Grüße\n{my_name}",
	},
	[LANG_ES] = {
		.met = {
			[0] = "¡Hola! Fue un placer conocerte.",
			[MET_EVENT] = "¡Hola! Fue un placer conocerte en {event}.",
			[MET_NAME] = "¡Hola, {first_name}! Fue un placer conocerte.",
			[MET_NAME | MET_EVENT] = "¡Hola, {first_name}! Fue un placer conocerte en "
						 "{event}.",
		},
		.topic = "Me encantó nuestra conversación sobre {topic}.",
		.reason = "Me gustaría seguir en contacto e intercambiar ideas.",
		.sign = "Saludos,\n{my_name}",
	},
	[LANG_PT] = {
		.met = {
			[0] = "Olá! Foi um prazer conhecer você.",
			[MET_EVENT] = "Olá! Foi um prazer conhecer você no evento {event}.",
			[MET_NAME] = "Olá, {first_name}! Foi um prazer conhecer você.",
			[MET_NAME | MET_EVENT] = "Olá, {first_name}! Foi um prazer conhecer você no "
						 "evento {event}.",
		},
		.topic = "Gostei muito da nossa conversa sobre {topic}.",
		.reason = "Gostaria de manter contato e seguir trocando ideias.",
		.sign = "Abraço,\n{my_name}",
	},
};

/* ------------------------------------------------------------------------
 * UTF-8 and user-perceived characters
 * ---------------------------------------------------------------------- */

#define CP_INVALID UINT32_MAX
#define CP_ZWJ 0x200Du

/* Decodes one code point of s[0..len) (len >= 1). Returns the bytes used
 * (at least 1); an invalid sequence yields CP_INVALID for one byte. */
static size_t utf8_decode(const unsigned char *s, size_t len, uint32_t *cp)
{
	unsigned char b = s[0];
	uint32_t c;
	size_t n;

	*cp = CP_INVALID;
	if (b < 0x80) {
		*cp = b;
		return 1;
	}
	if (b >= 0xC2 && b <= 0xDF) {
		n = 2;
		c = b & 0x1Fu;
	} else if (b >= 0xE0 && b <= 0xEF) {
		n = 3;
		c = b & 0x0Fu;
	} else if (b >= 0xF0 && b <= 0xF4) {
		n = 4;
		c = b & 0x07u;
	} else {
		return 1;
	}
	if (n > len)
		return 1;
	for (size_t i = 1; i < n; i++) {
		if ((s[i] & 0xC0) != 0x80)
			return 1;
		c = (c << 6) | (s[i] & 0x3Fu);
	}
	if ((n == 3 && c < 0x800) || (n == 4 && c < 0x10000) || c > 0x10FFFF ||
	    (c >= 0xD800 && c <= 0xDFFF))
		return 1;
	*cp = c;
	return n;
}

/* Code points that attach to the character before them. */
static int is_extender(uint32_t c)
{
	return (c >= 0x0300 && c <= 0x036F) || (c >= 0x1AB0 && c <= 0x1AFF) ||
	       (c >= 0x1DC0 && c <= 0x1DFF) || (c >= 0x20D0 && c <= 0x20FF) ||
	       (c >= 0xFE20 && c <= 0xFE2F) || (c >= 0xFE00 && c <= 0xFE0F) ||
	       (c >= 0x1F3FB && c <= 0x1F3FF) || (c >= 0xE0020 && c <= 0xE007F);
}

static int is_regional(uint32_t c)
{
	return c >= 0x1F1E6 && c <= 0x1F1FF;
}

/* Byte offset just past the user-perceived character that starts at pos. */
static size_t char_end(const unsigned char *s, size_t len, size_t pos)
{
	uint32_t first;
	uint32_t c;
	size_t end = pos + utf8_decode(s + pos, len - pos, &first);
	int flag_open = is_regional(first);

	if (first == '\r' && end < len && s[end] == '\n')
		return end + 1;
	if (first < 0x20 || first == 0x7F)
		return end;
	while (end < len) {
		size_t n = utf8_decode(s + end, len - end, &c);

		if (is_extender(c)) {
			end += n;
		} else if (c == CP_ZWJ) {
			end += n;
			if (end < len)
				end += utf8_decode(s + end, len - end, &c);
			flag_open = 0;
		} else if (flag_open && is_regional(c)) {
			end += n;
			flag_open = 0;
		} else {
			break;
		}
	}
	return end;
}

static size_t count_chars(const unsigned char *s, size_t len)
{
	size_t count = 0;

	for (size_t pos = 0; pos < len; pos = char_end(s, len, pos))
		count++;
	return count;
}

size_t tact_replies_char_count(const char *utf8)
{
	if (utf8 == NULL)
		return 0;
	return count_chars((const unsigned char *)utf8, strlen(utf8));
}

/* ------------------------------------------------------------------------
 * Cleaning untrusted values
 * ---------------------------------------------------------------------- */

/* Room for a cleaned value: the cap, one code point past it, a space, NUL. */
#define VALUE_BUF (TACT_REPLY_TEXT_MAX_BYTES + 8u)

struct values {
	char text[PH_COUNT][VALUE_BUF];
	const char *v[PH_COUNT]; /* NULL = unknown; else into text */
	int partial[PH_COUNT];   /* the cap cut the value inside a word */
};

static int is_space_cp(uint32_t c)
{
	return c == ' ' || (c >= 0x09 && c <= 0x0D) || c == 0x85 || c == 0xA0 || c == 0x1680 ||
	       (c >= 0x2000 && c <= 0x200A) || c == 0x2028 || c == 0x2029 || c == 0x202F ||
	       c == 0x205F || c == 0x3000;
}

/* Control and formatting code points that never reach a reply. */
static int is_dropped_cp(uint32_t c)
{
	return c == CP_INVALID || c < 0x20 || (c >= 0x7F && c <= 0x9F) ||
	       (c >= 0x202A && c <= 0x202E) || (c >= 0x2066 && c <= 0x2069) || c == 0xFEFF;
}

/* Cleans raw into buf (VALUE_BUF bytes) and cuts it to cap bytes on a
 * character boundary; *partial says whether that cut fell inside a word.
 * Returns the length; 0 means unknown. */
static size_t clean_value(const char *raw, size_t cap, char *buf, int *partial)
{
	const unsigned char *s = (const unsigned char *)raw;
	size_t len = strlen(raw);
	size_t o = 0;
	size_t cut = 0;
	int space = 0;

	*partial = 0;
	for (size_t pos = 0; pos < len && o <= cap;) {
		uint32_t c;
		size_t n = utf8_decode(s + pos, len - pos, &c);

		if (is_space_cp(c)) {
			space = o > 0;
		} else if (!is_dropped_cp(c)) {
			if (space)
				buf[o++] = ' ';
			space = 0;
			memcpy(buf + o, raw + pos, n);
			o += n;
		}
		pos += n;
	}
	if (o > cap) {
		/* The last whole character that ends within the cap. */
		for (size_t pos = 0; pos < o;) {
			size_t end = char_end((const unsigned char *)buf, o, pos);

			if (end > cap)
				break;
			cut = end;
			pos = end;
		}
		*partial = buf[cut] != ' ' && cut > 0 && buf[cut - 1] != ' ';
		o = cut;
		while (o > 0 && buf[o - 1] == ' ')
			o--;
	}
	buf[o] = '\0';
	return o;
}

static void clean_vars(const struct tact_reply_vars *vars, struct values *vals)
{
	const char *raw[PH_COUNT] = {NULL};

	if (vars != NULL) {
		raw[PH_FIRST_NAME] = vars->first_name;
		raw[PH_COMPANY] = vars->company;
		raw[PH_EVENT] = vars->event;
		raw[PH_TOPIC] = vars->topic;
		raw[PH_MY_NAME] = vars->my_name;
	}
	for (size_t p = 0; p < PH_COUNT; p++) {
		vals->v[p] = NULL;
		vals->text[p][0] = '\0';
		vals->partial[p] = 0;
		if (raw[p] != NULL &&
		    clean_value(raw[p], ph_caps[p], vals->text[p], &vals->partial[p]) > 0)
			vals->v[p] = vals->text[p];
	}
}

static unsigned known_mask(const char *const v[PH_COUNT])
{
	unsigned mask = 0;

	for (size_t p = 0; p < PH_COUNT; p++)
		if (v[p] != NULL)
			mask |= PH_BIT(p);
	return mask;
}

/* ------------------------------------------------------------------------
 * Templates
 * ---------------------------------------------------------------------- */

struct buf {
	char *p;
	size_t len;
	size_t cap;
};

static enum tact_err buf_add(struct buf *b, const char *s, size_t n)
{
	if (b->len + n + 1 > b->cap) {
		size_t cap = b->cap > 0 ? b->cap : 256;
		char *p;

		while (b->len + n + 1 > cap)
			cap *= 2;
		p = realloc(b->p, cap);
		if (p == NULL)
			return TACT_ERR_NOMEM;
		b->p = p;
		b->cap = cap;
	}
	memcpy(b->p + b->len, s, n);
	b->len += n;
	b->p[b->len] = '\0';
	return TACT_OK;
}

/* The placeholder opening at t ('{'), or -1; *span gets its length. */
static int placeholder_at(const char *t, size_t *span)
{
	for (size_t p = 0; p < PH_COUNT; p++) {
		size_t n = strlen(ph_names[p]);

		if (strncmp(t + 1, ph_names[p], n) == 0 && t[1 + n] == '}') {
			*span = n + 2;
			return (int)p;
		}
	}
	return -1;
}

/* The placeholders a template uses; TACT_ERR_INTERNAL on an unknown one. */
static enum tact_err template_mask(const char *t, unsigned *mask)
{
	size_t span;

	*mask = 0;
	for (t = strchr(t, '{'); t != NULL; t = strchr(t + span, '{')) {
		int p = placeholder_at(t, &span);

		if (p < 0)
			return TACT_ERR_INTERNAL;
		*mask |= PH_BIT(p);
	}
	return TACT_OK;
}

static int ends_with(const char *s, const char *suffix)
{
	size_t n = strlen(s);
	size_t m = strlen(suffix);

	return n >= m && memcmp(s + n - m, suffix, m) == 0;
}

/* Appends t with its placeholders replaced by v. Values are copied as they
 * are and never scanned again. A template "." right after a value that
 * already ends a sentence ("Acme Inc.", "PyCon…") is left out. */
static enum tact_err expand(const char *t, const char *const v[PH_COUNT], struct buf *b)
{
	enum tact_err err = TACT_OK;

	while (*t != '\0' && err == TACT_OK) {
		const char *brace = strchr(t, '{');
		size_t span;
		int p;

		if (brace == NULL)
			return buf_add(b, t, strlen(t));
		err = buf_add(b, t, (size_t)(brace - t));
		if (err != TACT_OK)
			break;
		p = placeholder_at(brace, &span);
		if (p < 0 || v[p] == NULL)
			return TACT_ERR_INTERNAL;
		err = buf_add(b, v[p], strlen(v[p]));
		t = brace + span;
		if (*t == '.' && (ends_with(v[p], ".") || ends_with(v[p], ELLIPSIS)))
			t++;
	}
	return err;
}

static int lang_index(const char *lang)
{
	if (lang == NULL)
		return LANG_EN;
	for (int l = 0; l < LANG_COUNT; l++) {
		const char *id = lang_ids[l];

		/* Primary subtag, any case: "pt", "PT", "pt-BR", "pt_PT". */
		if ((lang[0] | 0x20) == id[0] && (lang[1] | 0x20) == id[1] &&
		    (lang[2] == '\0' || lang[2] == '-' || lang[2] == '_'))
			return l;
	}
	return LANG_EN;
}

static int intent_index(const char *intent)
{
	if (intent == NULL)
		return -1;
	for (int i = 0; i < INTENT_COUNT; i++)
		if (strcmp(intent, intent_ids[i]) == 0)
			return i;
	return -1;
}

const char *const *tact_replies_intents(size_t *count)
{
	if (count != NULL)
		*count = INTENT_COUNT;
	return intent_ids;
}

int tact_replies_is_intent(const char *intent)
{
	return intent_index(intent) >= 0;
}

int tact_replies_is_language(const char *lang)
{
	if (lang == NULL)
		return 0;
	for (size_t l = 0; l < LANG_COUNT; l++)
		if (strcmp(lang, lang_ids[l]) == 0)
			return 1;
	return 0;
}

static unsigned popcount(unsigned x)
{
	unsigned n = 0;

	for (; x != 0; x &= x - 1)
		n++;
	return n;
}

enum tact_err tact_replies_render(const char *intent, const char *lang,
				  const struct tact_reply_vars *vars, unsigned variant,
				  char **out, const char **lang_used)
{
	struct values vals;
	struct buf b = {NULL, 0, 0};
	const char *const *texts;
	size_t picks[VARIANTS_MAX];
	size_t n_picks = 0;
	unsigned best = 0;
	unsigned known;
	int i = intent_index(intent);
	int l = lang_index(lang);
	enum tact_err err = TACT_OK;

	*out = NULL;
	if (lang_used != NULL)
		*lang_used = lang_ids[l];
	if (i < 0)
		return TACT_ERR_BAD_REQUEST;
	clean_vars(vars, &vals);
	known = known_mask(vals.v);
	texts = reply_texts[i][l];
	for (size_t k = 0; k < VARIANTS_MAX; k++) {
		unsigned mask;
		unsigned specific;

		if (texts[k] == NULL)
			continue;
		err = template_mask(texts[k], &mask);
		if (err != TACT_OK)
			goto out;
		if ((mask & ~known) != 0)
			continue;
		/* A sign-off makes a variant longer, not more specific. */
		specific = popcount(mask & ~PH_BIT(PH_MY_NAME));
		if (n_picks == 0 || specific > best) {
			best = specific;
			n_picks = 0;
		}
		if (specific == best)
			picks[n_picks++] = k;
	}
	if (n_picks == 0) {
		err = TACT_ERR_INTERNAL;
		goto out;
	}
	err = expand(texts[picks[variant % n_picks]], vals.v, &b);
	if (err != TACT_OK)
		goto out;
	if (b.len > TACT_REPLY_MAX_BYTES) {
		err = TACT_ERR_INTERNAL;
		goto out;
	}
	*out = b.p;
	b.p = NULL;
out:
	free(b.p);
	return err;
}

/* ------------------------------------------------------------------------
 * Connection notes
 * ---------------------------------------------------------------------- */

#define PART_TOPIC 1u
#define PART_REASON 2u
#define PART_SIGN 4u

/* Builds the note from v (a NULL value leaves its part out) and parts. *out
 * is the malloc'd note when it fits in limit characters, else NULL. */
static enum tact_err try_note(const struct note_texts *nt, const char *const v[PH_COUNT],
			      unsigned parts, size_t limit, char **out)
{
	struct buf b = {NULL, 0, 0};
	unsigned met = (v[PH_FIRST_NAME] != NULL ? MET_NAME : 0u) |
		       (v[PH_EVENT] != NULL ? MET_EVENT : 0u);
	enum tact_err err;

	*out = NULL;
	err = expand(nt->met[met], v, &b);
	if (err == TACT_OK && (parts & PART_TOPIC) != 0 && v[PH_TOPIC] != NULL) {
		err = buf_add(&b, " ", 1);
		if (err == TACT_OK)
			err = expand(nt->topic, v, &b);
	}
	if (err == TACT_OK && (parts & PART_REASON) != 0) {
		err = buf_add(&b, " ", 1);
		if (err == TACT_OK)
			err = expand(nt->reason, v, &b);
	}
	if (err == TACT_OK && (parts & PART_SIGN) != 0 && v[PH_MY_NAME] != NULL) {
		err = buf_add(&b, "\n", 1);
		if (err == TACT_OK)
			err = expand(nt->sign, v, &b);
	}
	if (err == TACT_OK && count_chars((const unsigned char *)b.p, b.len) <= limit) {
		*out = b.p;
		b.p = NULL;
	}
	free(b.p);
	return err;
}

/* Punctuation that should not be left dangling before an ellipsis. */
static size_t strip_dangling(const char *s, size_t n)
{
	static const char *const tails[] = {" ", ",", ";", ":", "-", "/", "|", "(", "&",
					    "+", "@", "\xe2\x80\x93", "\xe2\x80\x94",
					    "\xc2\xb7", NULL};
	int again = 1;

	while (again && n > 0) {
		again = 0;
		for (const char *const *t = tails; *t != NULL; t++) {
			size_t m = strlen(*t);

			if (n >= m && memcmp(s + n - m, *t, m) == 0) {
				n -= m;
				again = 1;
				break;
			}
		}
	}
	return n;
}

/* The first `words` space-separated words of s followed by "…", into dst
 * (VALUE_BUF + 4 bytes). Returns 0 when nothing useful is left. */
static int shorten_words(const char *s, size_t words, char *dst)
{
	size_t n = 0;
	size_t seen = 0;

	if (words == 0)
		return 0;
	while (s[n] != '\0') {
		if (s[n] == ' ' && ++seen == words)
			break;
		n++;
	}
	n = strip_dangling(s, n);
	if (n == 0)
		return 0;
	memcpy(dst, s, n);
	memcpy(dst + n, ELLIPSIS, sizeof(ELLIPSIS));
	return 1;
}

static size_t count_words(const char *s)
{
	size_t words = 1;

	for (; *s != '\0'; s++)
		if (*s == ' ')
			words++;
	return words;
}

enum tact_err tact_replies_compose_invite(const char *lang, const struct tact_reply_vars *vars,
					  size_t limit, char **out, char *why, size_t why_len)
{
	static const unsigned drops[] = {PART_SIGN, PART_TOPIC, PART_REASON};
	const struct note_texts *nt = &note_texts[lang_index(lang)];
	struct values vals;
	char short_ev[VALUE_BUF + 4];
	char short_topic[VALUE_BUF + 4];
	const char *v[PH_COUNT];
	const char *event;
	size_t event_words = 0;
	unsigned parts = PART_TOPIC | PART_REASON | PART_SIGN;
	enum tact_err err;

	*out = NULL;
	if (limit < TACT_NOTE_LIMIT_MIN) {
		if (why != NULL && why_len > 0)
			snprintf(why, why_len,
				 "The note limit must be at least %u characters; %zu is too few.",
				 TACT_NOTE_LIMIT_MIN, limit);
		return TACT_ERR_BAD_REQUEST;
	}
	clean_vars(vars, &vals);
	memcpy(v, vals.v, sizeof(v));

	/* A value the cap cut inside a word is never shown cut: names are left
	 * out, the topic and the event keep their whole words and end in "…". */
	if (vals.partial[PH_FIRST_NAME])
		v[PH_FIRST_NAME] = NULL;
	if (vals.partial[PH_MY_NAME])
		v[PH_MY_NAME] = NULL;
	if (v[PH_TOPIC] != NULL && vals.partial[PH_TOPIC])
		v[PH_TOPIC] = shorten_words(v[PH_TOPIC], count_words(v[PH_TOPIC]) - 1, short_topic)
				      ? short_topic
				      : NULL;
	event = v[PH_EVENT];
	if (event != NULL) {
		event_words = count_words(event) - (vals.partial[PH_EVENT] ? 1u : 0u);
		if (event_words < count_words(event))
			v[PH_EVENT] = shorten_words(event, event_words, short_ev) ? short_ev : NULL;
	}

	/* The whole note, then without the optional parts one by one. */
	err = try_note(nt, v, parts, limit, out);
	for (size_t d = 0; err == TACT_OK && *out == NULL && d < sizeof(drops) / sizeof(*drops);
	     d++) {
		parts &= ~drops[d];
		err = try_note(nt, v, parts, limit, out);
	}

	/* The minimal note: a shorter event, then none, then no name either. */
	for (int pass = 0; err == TACT_OK && *out == NULL && pass < 2; pass++) {
		if (pass == 1) {
			if (v[PH_FIRST_NAME] == NULL)
				break;
			v[PH_FIRST_NAME] = NULL;
		}
		for (size_t w = event_words; err == TACT_OK && *out == NULL && w > 0; w--) {
			if (pass == 0 && w == event_words)
				continue; /* tried above */
			v[PH_EVENT] = event;
			if (w < count_words(event)) {
				if (!shorten_words(event, w, short_ev))
					continue;
				v[PH_EVENT] = short_ev;
			}
			err = try_note(nt, v, 0, limit, out);
		}
		if (err == TACT_OK && *out == NULL) {
			v[PH_EVENT] = NULL;
			err = try_note(nt, v, 0, limit, out);
		}
	}
	if (err == TACT_OK && *out == NULL)
		err = TACT_ERR_INTERNAL; /* met[0] is longer than TACT_NOTE_LIMIT_MIN */
	return err;
}
